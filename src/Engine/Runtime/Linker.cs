using Wasm.Runtime;

namespace Wasm;

/// <summary>Resolves a module's imports by (module, name) and instantiates it.</summary>
public sealed class Linker
{
    private readonly Dictionary<(string Module, string Name), Extern> _definitions = new();

    /// <summary>Creates an empty linker.</summary>
    public Linker(Engine engine) => Engine = engine;

    /// <summary>The engine host functions are compiled for.</summary>
    public Engine Engine { get; }

    /// <summary>When false (the default), defining a name twice throws.</summary>
    public bool AllowShadowing { get; set; }

    /// <summary>Defines an import.</summary>
    /// <exception cref="InvalidOperationException">The name is taken and shadowing is off.</exception>
    public Linker Define(string module, string name, Extern item)
    {
        if (!AllowShadowing && _definitions.ContainsKey((module, name)))
            throw new InvalidOperationException($"import {module}::{name} is already defined");
        _definitions[(module, name)] = item;
        return this;
    }

    /// <summary>Defines a host function from a typed delegate (see <see cref="Function.FromDelegate"/>).</summary>
    public Linker DefineFunction(string module, string name, Delegate target) =>
        Define(module, name, Function.FromDelegate(Engine, target));

    /// <summary>Defines a host function with untyped values.</summary>
    public Linker DefineFunction(string module, string name, FuncType type, HostCallback callback) =>
        Define(module, name, Function.FromCallback(Engine, type, callback));

    /// <summary>Defines every export of an instance under <paramref name="module"/>.</summary>
    public Linker DefineInstance(string module, Instance instance)
    {
        foreach (var (name, item) in instance.Exports) Define(module, name, item);
        return this;
    }

    /// <summary>Looks up a definition.</summary>
    public Extern? Get(string module, string name) => _definitions.GetValueOrDefault((module, name));

    /// <summary>Instantiates a module: resolves imports, initialises globals, tables, memories and segments, and
    /// runs the start function.</summary>
    /// <exception cref="LinkException">An import is missing or has the wrong type.</exception>
    /// <exception cref="TrapException">A segment did not fit, or the start function trapped.</exception>
    public Instance Instantiate(Store store, Module module)
    {
        var imports = new Extern[module.Info.Imports.Count];
        for (var i = 0; i < imports.Length; i++)
        {
            var import = module.Info.Imports[i];
            imports[i] = Get(import.Module, import.Name) ?? throw new LinkException("unknown import", import.Module, import.Name);
        }
        return Instantiation.Instantiate(store, module, imports);
    }
}
