/**
 * Gazetteers for the substitution rule. Place names: a headline template with another place in it is another
 * story (广州 / 廊坊 新增1例, 越南 / 秘鲁 媒体). Provinces and their one-character names, the
 * prefecture-level and other large cities, continents and the countries that headlines name most.
 * Matching is by substring of a replaced span, so 河南农业大学 contains 河南.
 */
const PROVINCES =
  '北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门';
const CITIES = `石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水 太原 大同 阳泉 长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁
呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 沈阳 大连 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 铁岭 朝阳 葫芦岛 长春 四平 辽源 通化 白山
松原 白城 延边 哈尔滨 齐齐哈尔 鸡西 鹤岗 双鸭山 大庆 伊春 佳木斯 七台河 牡丹江 黑河 绥化 南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江
泰州 宿迁 杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水 合肥 芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城
福州 厦门 莆田 三明 泉州 漳州 南平 龙岩 宁德 南昌 景德镇 萍乡 九江 新余 鹰潭 赣州 吉安 宜春 抚州 上饶 济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安
威海 日照 临沂 德州 聊城 滨州 菏泽 郑州 开封 洛阳 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口 驻马店 武汉 黄石 十堰 宜昌
襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州 恩施 长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底 湘西 广州 韶关 深圳 珠海 汕头 佛山
江门 湛江 茂名 肇庆 惠州 梅州 汕尾 河源 阳江 清远 东莞 中山 潮州 揭阳 云浮 南宁 柳州 桂林 梧州 北海 防城港 钦州 贵港 玉林 百色 贺州 河池 来宾 崇左
海口 三亚 成都 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中 资阳 贵阳 六盘水 遵义 安顺 毕节 铜仁 昆明 曲靖 玉溪
保山 昭通 丽江 普洱 临沧 大理 西双版纳 拉萨 西安 铜川 宝鸡 咸阳 渭南 延安 汉中 榆林 安康 商洛 兰州 嘉峪关 金昌 白银 天水 武威 张掖 平凉 酒泉 庆阳
定西 陇南 西宁 银川 石嘴山 吴忠 固原 中卫 乌鲁木齐 克拉玛依 吐鲁番 哈密 喀什 伊犁 阿克苏 和田 雄安 浦东 临港 滨海 义乌 昆山 江阴 巨鹿`;
const WORLD = `亚洲 欧洲 非洲 美洲 北美 南美 拉美 大洋洲 中东 东南亚 美国 英国 法国 德国 日本 韩国 朝鲜 俄罗斯 俄 乌克兰 乌 印度 巴基斯坦 阿富汗 伊朗 伊拉克
以色列 巴勒斯坦 叙利亚 土耳其 沙特 阿联酋 卡塔尔 埃及 南非 尼日利亚 肯尼亚 埃塞俄比亚 突尼斯 阿尔及利亚 摩洛哥 利比亚 苏丹 加拿大 墨西哥 巴西
阿根廷 智利 秘鲁 哥伦比亚 委内瑞拉 古巴 澳大利亚 新西兰 意大利 西班牙 葡萄牙 荷兰 比利时 瑞士 瑞典 挪威 芬兰 丹麦 波兰 捷克 匈牙利 奥地利 希腊
爱尔兰 罗马尼亚 塞尔维亚 白俄罗斯 哈萨克斯坦 乌兹别克斯坦 蒙古 越南 老挝 柬埔寨 泰国 缅甸 马来西亚 新加坡 印尼 印度尼西亚 菲律宾 文莱 孟加拉
斯里兰卡 尼泊尔 阿塞拜疆 格鲁吉亚 亚美尼亚 东京 首尔 纽约 伦敦 巴黎 柏林 莫斯科 华盛顿 洛杉矶 悉尼 迪拜`;

// Strings, not code points: a replaced span's tokens are matched back to text through the tokeniser.
export const PLACE_NAMES: readonly string[] = [
  ...new Set(`${PROVINCES} ${CITIES} ${WORLD}`.split(/\s+/).filter(Boolean)),
];

/** Companies and brands that lead tech and business headlines (京东 / 小米 将于…发布财报). */
export const COMPANY_NAMES: readonly string[] =
  `京东 小米 华为 苹果 阿里 阿里巴巴 腾讯 百度 字节 字节跳动 抖音 快手 美团 拼多多 网易 新浪 微博 搜狐 滴滴 携程
蔚来 小鹏 理想 比亚迪 特斯拉 吉利 长城 奇瑞 格力 美的 海尔 联想 中兴 oppo vivo 荣耀 一加 魅族 三星 索尼 微软 谷歌 亚马逊 脸书 英伟达 英特尔 高通
茅台 五粮液 万科 恒大 碧桂园 融创 中石油 中石化 工商银行 建设银行 农业银行 中国银行 招商银行 平安 中国平安 顺丰 中通 圆通 唯品会 汽车之家 乐信 爱奇艺 优酷 哔哩哔哩 b站 知乎 豆瓣`
    .split(/\s+/)
    .filter(Boolean);

/** The most common Chinese surnames: a short replaced span that starts with one reads as a name. */
export const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';

/** Endings of organisation names: 天津农学院 / 泰山医学院, 永吉股份 / 华谊集团. */
export const ORG_SUFFIXES: readonly string[] = [
  '大学',
  '学院',
  '中学',
  '小学',
  '公司',
  '集团',
  '股份',
  '银行',
  '医院',
  '协会',
  '研究院',
  '研究所',
  '委员会',
  '政府',
  '法院',
  '检察院',
  '俱乐部',
  '电视台',
  '出版社',
  '基金会',
  '证券',
  '保险',
  '科技',
  '控股',
];
