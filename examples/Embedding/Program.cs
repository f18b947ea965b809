// Embedding the engine: compile a module, give it a host function, call it, read its memory.
using System.Text;
using Wasm;

// 1. The module, in the WebAssembly text format. It imports a logging function from the host,
//    exports its linear memory, a recursive Fibonacci and an in-place string reverse.
const string wat = """
    (module
      (import "host" "log" (func $log (param i32 i32)))   ;; log(ptr, len): print bytes from memory
      (memory (export "memory") 1)                         ;; one 64 KiB page
      (data (i32.const 0) "fib computed")
      (func $fib (export "fib") (param $n i32) (result i32)
        (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
          (then (local.get $n))
          (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                         (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
      (func (export "fib_and_log") (param $n i32) (result i32)
        (call $log (i32.const 0) (i32.const 12))           ;; the 12 bytes of the data segment
        (call $fib (local.get $n)))
      (func (export "reverse") (param $lo i32) (param $len i32)   ;; reverses memory[lo, lo+len)
        (local $hi i32) (local $t i32)
        (local.set $hi (i32.sub (i32.add (local.get $lo) (local.get $len)) (i32.const 1)))
        (block $done (loop $swap
          (br_if $done (i32.ge_s (local.get $lo) (local.get $hi)))
          (local.set $t (i32.load8_u (local.get $lo)))
          (i32.store8 (local.get $lo) (i32.load8_u (local.get $hi)))
          (i32.store8 (local.get $hi) (local.get $t))
          (local.set $lo (i32.add (local.get $lo) (i32.const 1)))
          (local.set $hi (i32.sub (local.get $hi) (i32.const 1)))
          (br $swap)))))
    """;

// 2. An engine compiles code; a store holds the state of the instances created in it.
var engine = new Engine();
var store = new Store(engine);
var module = Module.FromText(engine, wat); // throws a TextFormatException with line:column on a typo

// 3. The linker supplies imports. A host function is any delegate over int/long/float/double.
//    `instance` is assigned below; the host function uses it to reach the exported memory.
Instance? instance = null;
var linker = new Linker(engine);
linker.DefineFunction("host", "log", (Action<int, int>)((ptr, len) =>
    Console.WriteLine($"[wasm says] {Encoding.UTF8.GetString(instance!.GetMemory("memory")!.GetSpan((ulong)ptr, len))}")));

// 4. Instantiate: imports are resolved by (module, name).
instance = linker.Instantiate(store, module);

// 5. Exports as typed delegates: no boxing, signature checked once (ArgumentException on mismatch).
var fibAndLog = instance.GetFunction<Func<int, int>>("fib_and_log");
Console.WriteLine($"fib(25) = {fibAndLog(25)}");

// 6. Linear memory is a Span<byte>: write a string, let wasm reverse it in place, read it back.
var memory = instance.GetMemory("memory")!;
var text = Encoding.UTF8.GetBytes("Hello, WebAssembly!");
text.CopyTo(memory.GetSpan(1024, text.Length));
instance.GetFunction<Action<int, int>>("reverse")(1024, text.Length);
Console.WriteLine($"reversed: {Encoding.UTF8.GetString(memory.GetSpan(1024, text.Length))}");

// 7. Guest errors arrive as TrapException with the spec's message; the store stays usable afterwards.
try
{
    instance.GetFunction<Func<int, int>>("fib")(-1); // recurses without end
}
catch (TrapException e)
{
    Console.WriteLine($"trapped: {e.Message}");
}
Console.WriteLine($"fib(10) = {instance.GetFunction<Func<int, int>>("fib")(10)}");
