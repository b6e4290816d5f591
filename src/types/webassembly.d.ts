// The slice of the WebAssembly JS API the kernel loader uses (lib "dom" would bring the rest of
// the browser with it).
declare namespace WebAssembly {
  class Module {
    constructor(bytes: BufferSource | Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports: object);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
}
type BufferSource = ArrayBufferView | ArrayBuffer;
