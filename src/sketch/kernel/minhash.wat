;; MinHash signatures and LSH band hashes for a batch, in WebAssembly SIMD.
;; Bit-identical to signInto (src/sketch/minhash.ts) and bandHashesInto (src/sketch/lsh.ts): the same
;; h_i(x) = a_i·x + b_i mod 2^32 with an unsigned min, and the same Murmur3-style band combine.
;;
;; Layout (byte offsets given by the caller, all u32 little-endian):
;;   shingles[total], offsets[count+1], a[k], b[k], sigs[count·k], bands[count·bands]
(module
  (memory (export "memory") 1)

  ;; sign: for each item, sig[i] = min over its shingles x of a[i]·x + b[i].
  ;; Sixteen permutations per pass over an item's shingles, kept in four v128 registers, so each
  ;; shingle costs one splat and four (mul, add, min_u) per sixteen permutations. k % 16 == 0.
  (func (export "sign")
    (param $sh i32) (param $off i32) (param $count i32) (param $pa i32) (param $pb i32) (param $k i32) (param $out i32)
    (local $item i32) (local $s i32) (local $e i32) (local $j i32) (local $p i32) (local $o i32)
    (local $x v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local $m0 v128) (local $m1 v128) (local $m2 v128) (local $m3 v128)
    (block $items_done
      (loop $items
        (br_if $items_done (i32.ge_u (local.get $item) (local.get $count)))
        (local.set $s (i32.load (i32.add (local.get $off) (i32.shl (local.get $item) (i32.const 2)))))
        (local.set $e (i32.load (i32.add (local.get $off) (i32.shl (i32.add (local.get $item) (i32.const 1)) (i32.const 2)))))
        (local.set $o (i32.add (local.get $out) (i32.shl (i32.mul (local.get $item) (local.get $k)) (i32.const 2))))
        (local.set $p (i32.const 0))
        (block $perms_done
          (loop $perms
            (br_if $perms_done (i32.ge_u (local.get $p) (local.get $k)))
            (local.set $a0 (v128.load (i32.add (local.get $pa) (i32.shl (local.get $p) (i32.const 2)))))
            (local.set $a1 (v128.load offset=16 (i32.add (local.get $pa) (i32.shl (local.get $p) (i32.const 2)))))
            (local.set $a2 (v128.load offset=32 (i32.add (local.get $pa) (i32.shl (local.get $p) (i32.const 2)))))
            (local.set $a3 (v128.load offset=48 (i32.add (local.get $pa) (i32.shl (local.get $p) (i32.const 2)))))
            (local.set $b0 (v128.load (i32.add (local.get $pb) (i32.shl (local.get $p) (i32.const 2)))))
            (local.set $b1 (v128.load offset=16 (i32.add (local.get $pb) (i32.shl (local.get $p) (i32.const 2)))))
            (local.set $b2 (v128.load offset=32 (i32.add (local.get $pb) (i32.shl (local.get $p) (i32.const 2)))))
            (local.set $b3 (v128.load offset=48 (i32.add (local.get $pb) (i32.shl (local.get $p) (i32.const 2)))))
            (local.set $m0 (v128.const i32x4 -1 -1 -1 -1))
            (local.set $m1 (v128.const i32x4 -1 -1 -1 -1))
            (local.set $m2 (v128.const i32x4 -1 -1 -1 -1))
            (local.set $m3 (v128.const i32x4 -1 -1 -1 -1))
            (local.set $j (local.get $s))
            (block $sh_done
              (loop $shingles
                (br_if $sh_done (i32.ge_u (local.get $j) (local.get $e)))
                (local.set $x (i32x4.splat (i32.load (i32.add (local.get $sh) (i32.shl (local.get $j) (i32.const 2))))))
                (local.set $m0 (i32x4.min_u (local.get $m0) (i32x4.add (i32x4.mul (local.get $a0) (local.get $x)) (local.get $b0))))
                (local.set $m1 (i32x4.min_u (local.get $m1) (i32x4.add (i32x4.mul (local.get $a1) (local.get $x)) (local.get $b1))))
                (local.set $m2 (i32x4.min_u (local.get $m2) (i32x4.add (i32x4.mul (local.get $a2) (local.get $x)) (local.get $b2))))
                (local.set $m3 (i32x4.min_u (local.get $m3) (i32x4.add (i32x4.mul (local.get $a3) (local.get $x)) (local.get $b3))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $shingles)))
            (v128.store (i32.add (local.get $o) (i32.shl (local.get $p) (i32.const 2))) (local.get $m0))
            (v128.store offset=16 (i32.add (local.get $o) (i32.shl (local.get $p) (i32.const 2))) (local.get $m1))
            (v128.store offset=32 (i32.add (local.get $o) (i32.shl (local.get $p) (i32.const 2))) (local.get $m2))
            (v128.store offset=48 (i32.add (local.get $o) (i32.shl (local.get $p) (i32.const 2))) (local.get $m3))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (br $perms)))
        (local.set $item (i32.add (local.get $item) (i32.const 1)))
        (br $items))))

  ;; Murmur3 block step and finaliser, as mixStep and fmix32 in src/sketch/hash.ts.
  (func $mix (param $h i32) (param $k i32) (result i32)
    (local.set $k (i32.mul (local.get $k) (i32.const 0xcc9e2d51)))
    (local.set $k (i32.rotl (local.get $k) (i32.const 15)))
    (local.set $k (i32.mul (local.get $k) (i32.const 0x1b873593)))
    (local.set $h (i32.xor (local.get $h) (local.get $k)))
    (local.set $h (i32.rotl (local.get $h) (i32.const 13)))
    (i32.add (i32.mul (local.get $h) (i32.const 5)) (i32.const 0xe6546b64)))
  (func $fmix (param $h i32) (result i32)
    (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))
    (local.set $h (i32.mul (local.get $h) (i32.const 0x85ebca6b)))
    (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 13))))
    (local.set $h (i32.mul (local.get $h) (i32.const 0xc2b2ae35)))
    (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))

;; Four Murmur3 block steps at once (one per lane), as mixStep in src/sketch/hash.ts.
  (func $mix4 (param $h v128) (param $k v128) (result v128)
    (local.set $k (i32x4.mul (local.get $k) (v128.const i32x4 0xcc9e2d51 0xcc9e2d51 0xcc9e2d51 0xcc9e2d51)))
    (local.set $k (v128.or (i32x4.shl (local.get $k) (i32.const 15)) (i32x4.shr_u (local.get $k) (i32.const 17))))
    (local.set $k (i32x4.mul (local.get $k) (v128.const i32x4 0x1b873593 0x1b873593 0x1b873593 0x1b873593)))
    (local.set $h (v128.xor (local.get $h) (local.get $k)))
    (local.set $h (v128.or (i32x4.shl (local.get $h) (i32.const 13)) (i32x4.shr_u (local.get $h) (i32.const 19))))
    (i32x4.add (i32x4.mul (local.get $h) (v128.const i32x4 5 5 5 5)) (v128.const i32x4 0xe6546b64 0xe6546b64 0xe6546b64 0xe6546b64)))
  (func $fmix4 (param $h v128) (result v128)
    (local.set $h (v128.xor (local.get $h) (i32x4.shr_u (local.get $h) (i32.const 16))))
    (local.set $h (i32x4.mul (local.get $h) (v128.const i32x4 0x85ebca6b 0x85ebca6b 0x85ebca6b 0x85ebca6b)))
    (local.set $h (v128.xor (local.get $h) (i32x4.shr_u (local.get $h) (i32.const 13))))
    (local.set $h (i32x4.mul (local.get $h) (v128.const i32x4 0xc2b2ae35 0xc2b2ae35 0xc2b2ae35 0xc2b2ae35)))
    (v128.xor (local.get $h) (i32x4.shr_u (local.get $h) (i32.const 16))))

  ;; band: for each item with shingles, band j combines signature positions j, j + nb, j + 2·nb …
  ;; (row r of band j is position r·nb + j), so four consecutive bands read one v128 per row and
  ;; are hashed in the four lanes together: bands[j] = fmix(combine(0x62616e64 ^ j, rows) ^ rows).
  ;; Bands past the last multiple of four are hashed one at a time. Items with no shingles get 0.
  (func (export "band")
    (param $off i32) (param $count i32) (param $sigs i32) (param $k i32) (param $nb i32) (param $rows i32) (param $out i32)
    (local $item i32) (local $band i32) (local $r i32) (local $h i32) (local $base i32) (local $o i32) (local $empty i32)
    (local $hv v128) (local $nb4 i32)
    (local.set $nb4 (i32.and (local.get $nb) (i32.const -4)))
    (block $items_done
      (loop $items
        (br_if $items_done (i32.ge_u (local.get $item) (local.get $count)))
        (local.set $empty (i32.eq
          (i32.load (i32.add (local.get $off) (i32.shl (local.get $item) (i32.const 2))))
          (i32.load (i32.add (local.get $off) (i32.shl (i32.add (local.get $item) (i32.const 1)) (i32.const 2))))))
        (local.set $o (i32.add (local.get $out) (i32.shl (i32.mul (local.get $item) (local.get $nb)) (i32.const 2))))
        (local.set $base (i32.add (local.get $sigs) (i32.shl (i32.mul (local.get $item) (local.get $k)) (i32.const 2))))
        (local.set $band (i32.const 0))
        (block $vec_done
          (loop $vec
            (br_if $vec_done (i32.ge_u (local.get $band) (local.get $nb4)))
            (local.set $hv (v128.xor (v128.const i32x4 0x62616e64 0x62616e64 0x62616e64 0x62616e64)
              (i32x4.add (i32x4.splat (local.get $band)) (v128.const i32x4 0 1 2 3))))
            (local.set $r (i32.const 0))
            (block $rows_done
              (loop $rowloop
                (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
                (local.set $hv (call $mix4 (local.get $hv)
                  (v128.load (i32.add (local.get $base)
                    (i32.shl (i32.add (i32.mul (local.get $r) (local.get $nb)) (local.get $band)) (i32.const 2))))))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br $rowloop)))
            (local.set $hv (call $fmix4 (v128.xor (local.get $hv) (i32x4.splat (local.get $rows)))))
            (v128.store (i32.add (local.get $o) (i32.shl (local.get $band) (i32.const 2)))
              (v128.and (local.get $hv) (i32x4.splat (i32.sub (local.get $empty) (i32.const 1)))))
            (local.set $band (i32.add (local.get $band) (i32.const 4)))
            (br $vec)))
        (block $bands_done
          (loop $bands
            (br_if $bands_done (i32.ge_u (local.get $band) (local.get $nb)))
            (local.set $h (i32.xor (i32.const 0x62616e64) (local.get $band)))
            (local.set $r (i32.const 0))
            (block $srows_done
              (loop $srowloop
                (br_if $srows_done (i32.ge_u (local.get $r) (local.get $rows)))
                (local.set $h (call $mix (local.get $h)
                  (i32.load (i32.add (local.get $base)
                    (i32.shl (i32.add (i32.mul (local.get $r) (local.get $nb)) (local.get $band)) (i32.const 2))))))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br $srowloop)))
            (i32.store (i32.add (local.get $o) (i32.shl (local.get $band) (i32.const 2)))
              (select (i32.const 0) (call $fmix (i32.xor (local.get $h) (local.get $rows))) (local.get $empty)))
            (local.set $band (i32.add (local.get $band) (i32.const 1)))
            (br $bands)))
        (local.set $item (i32.add (local.get $item) (i32.const 1)))
        (br $items)))))
