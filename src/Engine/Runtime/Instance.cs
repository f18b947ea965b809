using Wasm.Runtime;

namespace Wasm;

/// <summary>An instantiated module: its exports, callable and inspectable.</summary>
public sealed class Instance
{
    internal readonly VmContext Ctx;
    private readonly Dictionary<string, Extern> _exports;

    internal Instance(Module module, VmContext ctx, List<KeyValuePair<string, Extern>> exports)
    {
        Module = module;
        Ctx = ctx;
        Exports = exports;
        _exports = new Dictionary<string, Extern>(StringComparer.Ordinal);
        foreach (var (name, item) in exports) _exports[name] = item;
    }

    /// <summary>The module this is an instance of.</summary>
    public Module Module { get; }

    /// <summary>Exports in declaration order.</summary>
    public IReadOnlyList<KeyValuePair<string, Extern>> Exports { get; }

    /// <summary>An export by name, or null.</summary>
    public Extern? GetExport(string name) => _exports.GetValueOrDefault(name);

    /// <summary>An exported function, or null.</summary>
    public Function? GetFunction(string name) => GetExport(name) as Function;

    /// <summary>An exported memory, or null.</summary>
    public Memory? GetMemory(string name) => GetExport(name) as Memory;

    /// <summary>An exported table, or null.</summary>
    public Table? GetTable(string name) => GetExport(name) as Table;

    /// <summary>An exported global, or null.</summary>
    public Global? GetGlobal(string name) => GetExport(name) as Global;

    /// <summary>An exported function as a typed delegate, e.g. <c>GetFunction&lt;Func&lt;int, int&gt;&gt;("fib")</c>.</summary>
    /// <exception cref="KeyNotFoundException">No function of that name is exported.</exception>
    /// <exception cref="ArgumentException">The delegate's signature does not match the function's.</exception>
    public TDelegate GetFunction<TDelegate>(string name) where TDelegate : Delegate =>
        (GetFunction(name) ?? throw new KeyNotFoundException($"no exported function named '{name}'")).AsDelegate<TDelegate>();
}
