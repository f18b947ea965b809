namespace Wasm.Tests.Api;

public class ThreadingTests
{
    private const string Wat = """
        (module
          (memory (export "mem") 1)
          (global $calls (export "calls") (mut i32) (i32.const 0))
          (func $fib (export "fib") (param i32) (result i32)
            (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
            (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
              (then (local.get 0))
              (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                             (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
          (func (export "stamp") (param i32) (i32.store (i32.const 0) (local.get 0)))
          (func (export "read") (result i32) (i32.load (i32.const 0)))
          (func (export "oob") (result i32) (i32.load (i32.const 65536))))
        """;

    [Fact]
    public void SharedModule_SeparateStorePerThread()
    {
        var engine = new Engine();
        var module = Module.FromText(engine, Wat);
        const int threads = 6;
        var barrier = new Barrier(threads);
        var errors = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            try
            {
                var instance = new Linker(engine).Instantiate(new Store(engine), module);
                barrier.SignalAndWait();
                // Typed thunks for the same delegate type are created concurrently.
                var fib = instance.GetFunction<Func<int, int>>("fib");
                var stamp = instance.GetFunction<Action<int>>("stamp");
                var read = instance.GetFunction<Func<int>>("read");
                var oob = instance.GetFunction<Func<int>>("oob");
                for (var i = 0; i < 20; i++)
                {
                    stamp(t * 1000 + i);
                    Assert.Equal(6765, fib(20));
                    Assert.Equal(t * 1000 + i, read()); // no other thread's memory writes leak in
                    Assert.Equal(832040, instance.GetFunction("fib")!.Invoke(Value.FromI32(30))[0].I32);
                    Assert.Equal(TrapCode.MemoryOutOfBounds, Assert.Throws<TrapException>(() => oob()).Code);
                }
                Assert.Equal(20 * (21891 + 2692537), instance.GetGlobal("calls")!.Value.I32);
            }
            catch (Exception e)
            {
                errors.Add(e);
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        Assert.Empty(errors);
    }

    [Fact]
    public void ParallelStackExhaustion_EachThreadRecovers()
    {
        var engine = new Engine();
        var module = Module.FromText(engine, """
            (module
              (func $forever (export "forever") (param i32) (result i32)
                (i32.add (call $forever (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
              (func $depth (export "depth") (param i32) (result i32)
                (if (result i32) (i32.eqz (local.get 0))
                  (then (i32.const 0))
                  (else (i32.add (local.get 0) (call $depth (i32.sub (local.get 0) (i32.const 1))))))))
            """);
        var errors = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        var workers = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            try
            {
                var instance = new Linker(engine).Instantiate(new Store(engine), module);
                for (var i = 0; i < 3; i++)
                {
                    Assert.Equal(TrapCode.StackOverflow,
                        Assert.Throws<TrapException>(() => instance.GetFunction<Func<int, int>>("forever")(0)).Code);
                    Assert.Equal(5000 * 5001 / 2, instance.GetFunction<Func<int, int>>("depth")(5000));
                }
            }
            catch (Exception e)
            {
                errors.Add(e);
            }
        }, 4 * 1024 * 1024)).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        Assert.Empty(errors);
    }
}
