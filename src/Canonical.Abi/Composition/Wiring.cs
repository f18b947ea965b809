using Wasm.Components.Types;

namespace Wasm.Components.Composition;

/// <summary>A socket import supplied by a plug's export.</summary>
internal readonly record struct PluggedImport(string Import, int Plug, string Export, ExternType Type);

/// <summary>
/// An import of the composition: its name, its type as one component (<paramref name="Source"/>) declared it, and
/// where each resource of that component's imports is introduced (import name, export name within it or null).
/// </summary>
internal sealed record CompositionImport(string Name, ExternType Type, ComponentType Source, ResourceOrigins Origins);

/// <summary>
/// For the imports of one component: the import (and export within it) that introduces each resource and each named
/// value type, so that other imports can refer to it there instead of defining their own copy (a record defined
/// again would be a different, unnamed type to the interfaces that <c>use</c> it).
/// </summary>
internal sealed class ResourceOrigins
{
    private readonly Dictionary<object, string> _keys = new(ReferenceEqualityComparer.Instance);

    public ResourceOrigins(ComponentType component)
    {
        foreach (var (name, type) in component.Imports)
        {
            switch (type)
            {
                case TypeExternType t:
                    Add(t, Key(name, null));
                    break;
                case InstanceType instance:
                    foreach (var (export, t) in instance.Exports)
                        if (t is TypeExternType te) Add(te, Key(name, export));
                    break;
            }
        }
    }

    private void Add(TypeExternType type, string key)
    {
        if (type.Resource is { } r) _keys.TryAdd(r, key);
        // Primitives are shared singletons: a name for u64 is not the name of every u64.
        else if (type.WitType is { } w && w.Definition is not PrimitiveType) _keys.TryAdd(w.Definition, key);
    }

    /// <summary>The key of a type import: <c>import</c> or <c>import#export</c>.</summary>
    public static string Key(string import, string? export) => export is null ? import : import + "#" + export;

    /// <summary>The key of the import introducing a resource, or null when no import does.</summary>
    public string? Of(ResourceType resource) => _keys.TryGetValue(resource, out var key) ? key : null;

    /// <summary>The key of the import introducing a value type's definition, or null when no import names it.</summary>
    public string? Of(WitType type) => _keys.TryGetValue(type.Definition, out var key) ? key : null;
}

/// <summary>Which plug supplies which socket import, and what the composition still imports.</summary>
internal sealed class Wiring
{
    public List<PluggedImport> Plugged { get; } = new();
    public List<CompositionImport> Imports { get; } = new();

    public static Wiring Plan(ComponentType socket, IReadOnlyList<ComponentType> plugs)
    {
        var wiring = new Wiring();
        var used = new bool[plugs.Count];
        var socketOrigins = new ResourceOrigins(socket);
        var byName = new Dictionary<string, CompositionImport>(StringComparer.Ordinal);
        foreach (var (name, type) in socket.Imports)
        {
            if (FindExport(plugs, name) is var (plug, export, exportType) && plug >= 0)
            {
                if (exportType.Kind != type.Kind)
                    throw new LinkException($"the socket imports `{name}` as {Describe(type.Kind)}, plug {plug + 1} exports `{export}` as {Describe(exportType.Kind)}");
                wiring.Plugged.Add(new PluggedImport(name, plug, export, exportType));
                used[plug] = true;
            }
            else
            {
                var import = new CompositionImport(name, type, socket, socketOrigins);
                wiring.Imports.Add(import);
                byName[name] = import;
            }
        }
        for (int i = 0; i < plugs.Count; i++)
            if (!used[i]) throw new LinkException($"plug {i + 1} exports nothing the socket imports");

        // A plug's imports join the composition's; one the socket (or an earlier plug) imports too is shared, which
        // needs every export the later one expects to be in the first one's type.
        for (int i = 0; i < plugs.Count; i++)
        {
            var origins = new ResourceOrigins(plugs[i]);
            foreach (var (name, type) in plugs[i].Imports)
            {
                if (byName.TryGetValue(name, out var first))
                {
                    CheckMergeable(name, first.Type, type, i);
                    continue;
                }
                var import = new CompositionImport(name, type, plugs[i], origins);
                wiring.Imports.Add(import);
                byName[name] = import;
            }
        }
        return wiring;
    }

    /// <summary>The first plug exporting <paramref name="import"/> (exactly, else a semver-compatible version).</summary>
    private static (int Plug, string Export, ExternType Type) FindExport(IReadOnlyList<ComponentType> plugs, string import)
    {
        for (int i = 0; i < plugs.Count; i++)
            foreach (var (name, type) in plugs[i].Exports)
                if (name == import) return (i, name, type);
        for (int i = 0; i < plugs.Count; i++)
            foreach (var (name, type) in plugs[i].Exports)
                if (Versions.Matches(requested: import, available: name)) return (i, name, type);
        return (-1, "", null!);
    }

    /// <summary>"a function", "an instance"... for messages.</summary>
    internal static string Describe(ExternTypeKind kind) => kind switch
    {
        ExternTypeKind.CoreModule => "a core module",
        ExternTypeKind.Func => "a function",
        ExternTypeKind.Value => "a value",
        ExternTypeKind.Type => "a type",
        ExternTypeKind.Component => "a component",
        _ => "an instance",
    };

    private static void CheckMergeable(string name, ExternType first, ExternType later, int plug)
    {
        if (first.Kind != later.Kind)
            throw new LinkException($"`{name}` is imported as {Describe(first.Kind)} and, by plug {plug + 1}, as {Describe(later.Kind)}");
        if (first is not InstanceType a || later is not InstanceType b) return;
        foreach (var (export, _) in b.Exports)
        {
            bool found = false;
            foreach (var (e, _) in a.Exports) found |= e == export;
            if (!found)
                throw new LinkException($"plug {plug + 1} imports `{name}` with `{export}`, which the socket's import of it lacks");
        }
    }
}
