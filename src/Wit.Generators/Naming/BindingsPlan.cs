using System.Collections.Generic;
using System.Linq;
using Wit.Generators.Model;
using Wit.Model;

namespace Wit.Generators.Naming;

/// <summary>
/// Every C# name of one generation: namespaces, classes, members, and the C# spelling of each WIT type as seen
/// from each side. Names are planned before anything is written, since generated files refer to each other.
/// </summary>
internal sealed class BindingsPlan
{
    private const string Runtime = "global::Wasm.Components.Bindings.";

    private readonly Resolve _resolve;
    private readonly string _rootNamespace;
    private readonly DiagnosticSink _diagnostics;
    private readonly Dictionary<(InterfaceId, Side), InterfaceNames> _interfaces = new();
    private readonly Dictionary<WorldId, WorldNames> _worlds = new();
    private readonly Dictionary<InterfaceId, (WorldId World, string Key)> _inline = new();
    private readonly Dictionary<string, MemberScope> _namespaceScopes = new();
    private readonly Dictionary<TypeId, string?> _unsupported = new();

    public BindingsPlan(Resolve resolve, string rootNamespace, DiagnosticSink diagnostics, IEnumerable<InterfaceId> exported)
    {
        _resolve = resolve;
        _rootNamespace = rootNamespace;
        _diagnostics = diagnostics;
        Exported = new HashSet<InterfaceId>(exported);
    }

    public Resolve Resolve => _resolve;

    /// <summary>How functions returning a WIT <c>result</c> are bound.</summary>
    public ResultMapping Results { get; set; }

    /// <summary>The function's <c>result</c> when its <c>err</c> is an exception (<see cref="ResultMapping.Exception"/>), else null.</summary>
    public ResultKind? ThrownResult(Function function)
    {
        if (Results != ResultMapping.Exception || function.Result is not { } type)
        {
            return null;
        }

        while (type.IsId && _resolve[type.Id].Kind is AliasKind alias)
        {
            type = alias.Target;
        }

        return type.IsId && _resolve[type.Id].Kind is ResultKind result ? result : null;
    }

    /// <summary>Interfaces exported by a generated world: their types are seen from the export side.</summary>
    public HashSet<InterfaceId> Exported { get; }

    /// <summary>Plans a world's names, in <paramref name="namespace"/> (default: its package's) under <paramref name="className"/>.</summary>
    /// <param name="id">The world.</param>
    /// <param name="namespace">The namespace, default its package's.</param>
    /// <param name="className">The class name, default the world's name.</param>
    /// <param name="accessibility">The class's accessibility.</param>
    /// <param name="exportProperties">Whether the class has a property per exported interface (guest bindings have none).</param>
    public WorldNames AddWorld(WorldId id, string? @namespace = null, string? className = null, string accessibility = "public", bool exportProperties = true)
    {
        var world = _resolve[id];
        string ns = @namespace ?? PackageNamespace(world.Package, Side.Import);
        // Namespace-level names are claimed under a description of their WIT item, as worlds and interfaces share them.
        string description = $"world `{world.Name}`";
        string name = className ?? ClaimInNamespace(ns, CSharpNames.Pascal(world.Name), description, world.Span);
        var names = new WorldNames(ns, name, accessibility);
        ClaimInNamespace(ns, names.PreClassName, description, world.Span);
        ClaimInNamespace(ns, names.ImportsInterface, description, world.Span);
        ClaimInNamespace(ns, names.HostInterface, description, world.Span);
        _worlds[id] = names;
        foreach (var (key, item) in world.Imports.Concat(world.Exports))
        {
            if (item is WorldInterfaceItem { } iface && _resolve[iface.Id].Name is null && key.Name is not null)
            {
                _inline[iface.Id] = (id, key.Name);
            }
        }

        // The world's own types (resources are host objects, as for imported interfaces).
        foreach (var item in world.Imports.Values)
        {
            if (item is WorldTypeItem typeItem && _resolve[typeItem.Id].Owner == TypeOwner.OfWorld(id))
            {
                PlanType(names.Imports, typeItem.Id, Side.Import);
            }
        }

        foreach (var (key, item) in world.Imports)
        {
            if (item is WorldFunctionItem function)
            {
                PlanFunction(names.Imports, function.Function, Side.Import);
            }
        }

        foreach (var (key, item) in world.Exports)
        {
            if (item is WorldFunctionItem function)
            {
                if (Claim(names.ClassScope, CSharpNames.Pascal(function.Function.Name), function.Function.Name, function.Function.Span) is { } method)
                {
                    names.Exports.Functions[function.Function.Name] = method;
                }
            }
            else if (exportProperties && item is WorldInterfaceItem iface && ExportPropertyName(names.ClassScope, key, iface) is { } property)
            {
                names.ExportProperties[key] = property;
            }
        }

        return names;
    }

    public WorldNames World(WorldId id) => _worlds[id];

    /// <summary>The members every exported resource's handle class has besides the resource's methods.</summary>
    public static readonly string[] HandleMembers = { "Dispose", "Borrow", "Move", "ThrowIfDisposed" };

    /// <summary>The instance name an interface is imported or exported by: its id, or its key in the world when inline.</summary>
    public string? InstanceName(InterfaceId id) =>
        _resolve[id].Name is null && _inline.TryGetValue(id, out var inline) ? inline.Key : _resolve.IdOf(id);

    /// <summary>The names of an interface on one side, planned on first use.</summary>
    public InterfaceNames Interface(InterfaceId id, Side side)
    {
        if (_interfaces.TryGetValue((id, side), out var names))
        {
            return names;
        }

        var iface = _resolve[id];
        string container;
        string className;
        if (iface.Name is null && _inline.TryGetValue(id, out var inline))
        {
            // An inline interface is nested in its world's class.
            var world = _worlds[inline.World];
            container = world.Namespace.Length == 0 ? world.ClassName : world.Namespace + "." + world.ClassName;
            // An exported one is also a property named after the key, so its class takes a suffix.
            string name = CSharpNames.Pascal(inline.Key) + (side == Side.Export ? "Exports" : string.Empty);
            className = Claim(world.ClassScope, name, inline.Key + " interface", iface.Span) ?? name + "_";
        }
        else
        {
            container = PackageNamespace(iface.Package, side);
            string witName = iface.Name ?? "interface";
            string description = $"interface `{_resolve.IdOf(id) ?? witName}`";
            className = ClaimInNamespace(container, CSharpNames.Pascal(witName), description, iface.Span);
            if (side == Side.Import)
            {
                ClaimInNamespace(container, "I" + className, description, iface.Span);
            }
        }

        var classScope = new MemberScope(className, MemberScope.ObjectMembers);
        classScope.Reserve("AddToLinker");
        names = new InterfaceNames(container, className, "I" + className, classScope, new MemberScope("I" + className));
        _interfaces[(id, side)] = names;
        foreach (var type in iface.Types.Values)
        {
            if (_resolve[type].Owner == TypeOwner.OfInterface(id))
            {
                PlanType(names, type, side);
            }
        }

        foreach (var function in iface.Functions.Values)
        {
            PlanFunction(names, function, side);
        }

        return names;
    }

    /// <summary>The namespace of a package's interfaces: <c>{Root}.Ns.Pkg</c>, or <c>{Root}.Exports.Ns.Pkg</c> for the export side.</summary>
    public string PackageNamespace(PackageId? id, Side side)
    {
        string ns = side == Side.Export ? _rootNamespace + ".Exports" : _rootNamespace;
        if (id is not { } package)
        {
            return ns;
        }

        var name = _resolve[package].Name;
        ns += "." + CSharpNames.Pascal(name.Namespace) + "." + CSharpNames.Pascal(name.Name);
        bool versioned = name.Version is not null && _resolve.Packages.Any(p => p.Name.Namespace == name.Namespace && p.Name.Name == name.Name && !Equals(p.Name.Version, name.Version));
        if (versioned)
        {
            // Packages that differ only in version get one namespace each.
            var text = new System.Text.StringBuilder(".V");
            foreach (char c in name.Version!.ToString())
            {
                text.Append(char.IsLetterOrDigit(c) ? c : '_');
            }

            ns += text.ToString();
        }

        return ns;
    }

    /// <summary>The side a type owned by <paramref name="owner"/> is seen from, when used from <paramref name="context"/>.</summary>
    public Side SideOf(InterfaceId owner, Side context) => context == Side.Export && Exported.Contains(owner) ? Side.Export : Side.Import;

    /// <summary>The C# type of a WIT type used on <paramref name="side"/>.</summary>
    /// <param name="type">The WIT type.</param>
    /// <param name="side">The side of the interface or world that uses it.</param>
    /// <param name="context">
    /// The class the reference is written in (fully qualified): types nested in it are named without qualification.
    /// </param>
    /// <param name="shadowed">Simple names that nested types of the context's inner scopes hide (a variant's cases).</param>
    public string TypeRef(WitType type, Side side, string? context = null, ICollection<string>? shadowed = null)
    {
        switch (type.Kind)
        {
            case WitTypeKind.Bool: return "bool";
            case WitTypeKind.U8: return "byte";
            case WitTypeKind.U16: return "ushort";
            case WitTypeKind.U32: return "uint";
            case WitTypeKind.U64: return "ulong";
            case WitTypeKind.S8: return "sbyte";
            case WitTypeKind.S16: return "short";
            case WitTypeKind.S32: return "int";
            case WitTypeKind.S64: return "long";
            case WitTypeKind.F32: return "float";
            case WitTypeKind.F64: return "double";
            case WitTypeKind.Char: return "global::System.Text.Rune";
            case WitTypeKind.String: return "string";
            case WitTypeKind.Id: break;
            default: return "object";
        }

        var def = _resolve[type.Id];
        switch (def.Kind)
        {
            case AliasKind alias:
                return TypeRef(alias.Target, side, context, shadowed);
            case HandleKind handle:
                return TypeRef(WitType.FromId(handle.Resource), side, context, shadowed);
            case OptionKind option:
                string payload = TypeRef(option.Type, side, context, shadowed);
                return IsNullable(option.Type) ? Runtime + "Option<" + payload + ">" : payload + "?";
            case ResultKind result:
                return Runtime + "Result<" + (result.Ok is { } ok ? TypeRef(ok, side, context, shadowed) : Runtime + "Unit") + ", " + (result.Err is { } err ? TypeRef(err, side, context, shadowed) : Runtime + "Unit") + ">";
            case ListKind list:
                return IsNumber(list.Type) ? TypeRef(list.Type, side, context, shadowed) + "[]" : "global::System.Collections.Generic.IReadOnlyList<" + TypeRef(list.Type, side, context, shadowed) + ">";
            case FixedLengthListKind fixedList:
                return TypeRef(fixedList.Type, side, context, shadowed) + "[]";
            case MapKind map:
                return "global::System.Collections.Generic.IReadOnlyDictionary<" + TypeRef(map.Key, side, context, shadowed) + ", " + TypeRef(map.Value, side, context, shadowed) + ">";
            case TupleKind tuple:
                return tuple.Types.Count switch
                {
                    0 => "global::System.ValueTuple",
                    1 => "global::System.ValueTuple<" + TypeRef(tuple.Types[0], side, context, shadowed) + ">",
                    _ => "(" + string.Join(", ", tuple.Types.Select(t => TypeRef(t, side, context, shadowed))) + ")",
                };
            default:
                return DeclaredName(type.Id, side, context, shadowed);
        }
    }

    /// <summary>Why a type has no C# binding yet (futures, streams, error contexts, too many flags), or null.</summary>
    public string? Unsupported(WitType type)
    {
        if (type.Kind == WitTypeKind.ErrorContext)
        {
            return "`error-context` is not supported yet";
        }

        if (!type.IsId)
        {
            return null;
        }

        if (_unsupported.TryGetValue(type.Id, out var cached))
        {
            return cached;
        }

        _unsupported[type.Id] = null; // Seeded before recursing, so no type is visited twice.
        string? reason = _resolve[type.Id].Kind switch
        {
            FutureKind => "`future` is not supported yet",
            StreamKind => "`stream` is not supported yet",
            FlagsKind flags when flags.Flags.Count > 64 => "flags with more than 64 members have no C# enum",
            AliasKind alias => Unsupported(alias.Target),
            HandleKind handle => Unsupported(WitType.FromId(handle.Resource)),
            OptionKind option => Unsupported(option.Type),
            ResultKind result => (result.Ok is { } ok ? Unsupported(ok) : null) ?? (result.Err is { } err ? Unsupported(err) : null),
            ListKind list => Unsupported(list.Type),
            FixedLengthListKind list => Unsupported(list.Type),
            MapKind => "`map` is not supported yet",
            TupleKind tuple => tuple.Types.Select(Unsupported).FirstOrDefault(r => r is not null),
            RecordKind record => record.Fields.Select(f => Unsupported(f.Type)).FirstOrDefault(r => r is not null),
            VariantKind variant => variant.Cases.Select(c => c.Type is { } t ? Unsupported(t) : null).FirstOrDefault(r => r is not null),
            _ => null,
        };
        _unsupported[type.Id] = reason;
        return reason;
    }

    /// <summary>Why a function has no binding yet, or null.</summary>
    public string? Unsupported(Function function)
    {
        if (function.IsAsync)
        {
            return $"async function `{function.Name}` is not supported yet; it is skipped";
        }

        foreach (var param in function.Params)
        {
            if (Unsupported(param.Type) is { } reason)
            {
                return $"function `{function.Name}` is skipped: {reason}";
            }
        }

        return function.Result is { } result && Unsupported(result) is { } why ? $"function `{function.Name}` is skipped: {why}" : null;
    }

    /// <summary>The C# name of a resource, record, variant, enum or flags type, nested in its owner's class.</summary>
    private string DeclaredName(TypeId id, Side side, string? context, ICollection<string>? shadowed)
    {
        var def = _resolve[id];
        InterfaceNames owner;
        Side ownerSide;
        if (def.Owner.Kind == TypeOwnerKind.World)
        {
            owner = _worlds[def.Owner.World].Imports;
            ownerSide = Side.Import;
        }
        else
        {
            ownerSide = SideOf(def.Owner.Interface, side);
            owner = Interface(def.Owner.Interface, ownerSide);
        }

        string name = owner.Types.TryGetValue(id, out var planned) ? planned : CSharpNames.Pascal(def.Name ?? "type");
        // Inside the owner, a nested type's simple name binds to it (type lookup skips methods and properties).
        string container = def.Kind is ResourceKind && ownerSide == Side.Import ? owner.HostFullName : owner.FullName;
        if (container == context && (shadowed is null || !shadowed.Contains(name)))
        {
            return name;
        }

        // The host interface sits beside the class, so the class's simple name reaches it, unless one of the
        // interface's own nested resource interfaces has that name.
        if (context == owner.HostFullName && container == owner.FullName && !owner.Types.ContainsValue(owner.ClassName))
        {
            return owner.ClassName + "." + name;
        }

        return container + "." + name;
    }

    private void PlanType(InterfaceNames names, TypeId id, Side side)
    {
        var def = _resolve[id];
        if (def.Name is null || def.Kind is AliasKind or OptionKind or ResultKind or ListKind or FixedLengthListKind or MapKind or TupleKind or HandleKind or FutureKind or StreamKind)
        {
            return; // Structural types and aliases are spelled where they are used.
        }

        if (def.Kind is ResourceKind)
        {
            string name = side == Side.Import ? "I" + CSharpNames.Pascal(def.Name) : CSharpNames.Pascal(def.Name);
            var scope = side == Side.Import ? names.HostScope : names.ClassScope;
            if (Claim(scope, name, def.Name, def.Span) is { } claimed)
            {
                names.Types[id] = claimed;
                names.ResourceScopes[id] = side == Side.Import ? new MemberScope(claimed) : new MemberScope(claimed, MemberScope.ObjectMembers.Concat(HandleMembers).ToArray());
            }

            return;
        }

        if (Claim(names.ClassScope, CSharpNames.Pascal(def.Name), def.Name, def.Span) is { } typeName)
        {
            names.Types[id] = typeName;
        }
    }

    private void PlanFunction(InterfaceNames names, Function function, Side side)
    {
        var scope = side == Side.Import ? names.HostScope : names.ClassScope;
        string method = CSharpNames.Pascal(function.ItemName);
        if (function.Resource is { } resource && names.Types.TryGetValue(resource, out var resourceName))
        {
            string resourceBase = CSharpNames.Pascal(_resolve[resource].Name ?? "resource");
            switch (function.Kind)
            {
                case FunctionKindTag.Method:
                case FunctionKindTag.AsyncMethod:
                    scope = names.ResourceScopes[resource];
                    break;
                case FunctionKindTag.Constructor:
                    method = "Create" + resourceBase;
                    break;
                default:
                    method = resourceBase + method;
                    break;
            }
        }

        if (Claim(scope, method, function.Name, function.Span) is { } claimed)
        {
            names.Functions[function.Name] = claimed;
        }
    }

    /// <summary>
    /// The world's property for an exported interface: the interface's name, or, when exports of two packages share
    /// it, the name qualified with the package (and then the version).
    /// </summary>
    private string? ExportPropertyName(MemberScope scope, WorldKey key, WorldInterfaceItem item)
    {
        string id = _resolve.NameOf(key);
        var iface = _resolve[item.Id];
        if (key.Name is not null || iface.Package is not { } package)
        {
            return Claim(scope, CSharpNames.Pascal(key.Name ?? iface.Name ?? "interface"), id, item.Span);
        }

        var name = _resolve[package].Name;
        string plain = CSharpNames.Pascal(iface.Name!);
        string qualified = CSharpNames.Pascal(name.Name) + plain;
        string versioned = qualified + (name.Version is null ? string.Empty : "V" + name.Version.ToString().Replace('.', '_').Replace('-', '_').Replace('+', '_'));
        foreach (var candidate in new[] { plain, qualified })
        {
            if (scope.OwnerOf(candidate) is null && scope.Claim(candidate, id) is { } claimed)
            {
                return claimed;
            }
        }

        return Claim(scope, versioned, id, item.Span);
    }

    private string ClaimInNamespace(string ns, string name, string witName, Wit.Diagnostics.TextSpan span)
    {
        if (!_namespaceScopes.TryGetValue(ns, out var scope))
        {
            _namespaceScopes[ns] = scope = new MemberScope(string.Empty);
        }

        return Claim(scope, name, witName, span) ?? name + "_";
    }

    private string? Claim(MemberScope scope, string name, string witName, Wit.Diagnostics.TextSpan span)
    {
        var claimed = scope.Claim(name, witName);
        if (claimed is null)
        {
            _diagnostics.Report("WIT0004", $"{Describe(witName)} and {Describe(scope.OwnerOf(name) ?? "?")} both become `{name}` in C#", span);
        }

        return claimed;
    }

    private static string Describe(string witName) => witName.IndexOf('`') >= 0 ? witName : "`" + witName + "`";

    private bool IsNullable(WitType type)
    {
        var id = type;
        while (id.IsId && _resolve[id.Id].Kind is AliasKind alias)
        {
            id = alias.Target;
        }

        return id.IsId && _resolve[id.Id].Kind is OptionKind option && !IsNullable(option.Type);
    }

    private bool IsNumber(WitType type)
    {
        while (type.IsId && _resolve[type.Id].Kind is AliasKind alias)
        {
            type = alias.Target;
        }

        return type.Kind is >= WitTypeKind.U8 and <= WitTypeKind.F64;
    }
}
