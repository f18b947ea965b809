using Wasm.Compilation;
using Wasm.Model;

namespace Wasm.Baseline;

/// <summary>
/// A tiered module's baseline machine code, compiled one function at a time on its first call (the compiler
/// takes microseconds per function) and shared by the module's instances, which reach it through their
/// <see cref="NativeInstance"/>.
/// </summary>
internal sealed class BaselineCode
{
    private readonly BaselineCompiler _compiler;
    private readonly nint[] _code; // by defined function: 0 until compiled, -1 when refused
    private readonly Lock _lock = new();

    public BaselineCode(ModuleInfo module)
    {
        _compiler = new BaselineCompiler(module, tiered: true);
        _code = new nint[module.Bodies.Count];
    }

    /// <summary>Whether a module's functions may start on baseline code: on 64-bit Linux, without fuel or epochs
    /// (which baseline code does not count), with at most one memory, 32-bit and not shared (other threads
    /// growing it would move its length under running code).</summary>
    public static bool Suits(ModuleInfo module, EngineConfig config) =>
        config.TieringBaseline && !config.ConsumeFuel && !config.EpochInterruption && CodeMemory.IsSupported
        && module.Memories.Count <= 1 && (module.Memories.Count == 0 || module.Memories[0] is { Is64: false, Shared: false });

    /// <summary>Whether defined function <paramref name="defined"/> may: numeric locals, at most one result
    /// (what the calls between baseline and managed code carry), a body the JIT may optimize. A small function that calls itself does not:
    /// it spends its time in its own calls, which stay in baseline code until it is promoted, so it is
    /// optimized at once like other small functions without baseline code (<see cref="EngineConfig.TieringMinCodeBytes"/>);
    /// shootout-ackermann ran 3.4-3.8 ms that way against 1.4 ms.</summary>
    public static bool Suits(ModuleInfo module, EngineConfig config, int defined)
    {
        var type = module.FuncTypeOf((uint)(defined + module.ImportedFuncs));
        var body = module.Bodies[defined];
        if (type.Results.Length > 1 || !BaselineCompiler.CanCompile(type, body)) return false;
        // A body too large for the JIT to optimize could never be promoted: it keeps the interpreter and one
        // compile, whose code ran shootout-ed25519's 58 KB field arithmetic in 5.5-5.7 s against 6.2-8.2 s on
        // baseline code.
        if (body.CodeLength > TierState.MaxCodeBytes) return false;
        return body.CodeLength >= config.TieringMinCodeBytes || !CallGraph.Of(module).Callees[defined].Contains(defined);
    }

    /// <summary>The code of defined function <paramref name="defined"/>, compiled now if this is its first call;
    /// 0 when its body uses what baseline code does not handle (it is then no longer on baseline code).</summary>
    public nint CodeOf(int defined, TierState tiers)
    {
        var code = Volatile.Read(ref _code[defined]);
        if (code == 0)
        {
            lock (_lock)
            {
                code = _code[defined];
                if (code == 0)
                {
                    try
                    {
                        unsafe { code = (nint)CodeMemory.Publish(_compiler.Compile(defined)); }
                    }
                    catch (NotSupportedException)
                    {
                        tiers.LeaveBaseline(defined);
                        code = -1;
                    }
                    Volatile.Write(ref _code[defined], code);
                }
            }
        }
        return code > 0 ? code : 0;
    }

    /// <summary>The code of defined function <paramref name="defined"/> if it is compiled, else 0.</summary>
    public nint Compiled(int defined)
    {
        var code = Volatile.Read(ref _code[defined]);
        return code > 0 ? code : 0;
    }
}
