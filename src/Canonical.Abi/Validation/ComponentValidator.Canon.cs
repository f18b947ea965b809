using Wasm.Components.Model;
using Wasm.Components.Types;

namespace Wasm.Components.Validation;

internal sealed partial class ComponentValidator
{
    private static readonly Wasm.ValType[] NoTypes = Array.Empty<Wasm.ValType>();
    private static readonly Wasm.ValType[] I32 = { Wasm.ValType.I32 };

    /// <summary>Validates a canonical definition and adds what it defines to its index space.</summary>
    private static object? Canon(Scope s, Canon c, int at)
    {
        switch (c.Kind)
        {
            case CanonKind.Lift:
                {
                    var core = Scope.Get(s.CoreFuncs, c.Func, "core func", at);
                    var ft = Scope.Get(s.Types, c.Type, "type", at) as ComponentFuncType ?? throw Scope.Invalid($"type index {c.Type} is not a function type", at);
                    var opts = Options(s, c.Options, at);
                    if (ft.IsAsync || opts.IsAsync) throw new UnsupportedFeatureException("component-model-async", at);
                    var expected = Abi.CanonicalAbi.FlattenFuncTypeLift(ft);
                    if (!expected.Equals(core)) throw Scope.Invalid($"lowered function type `{expected}` does not match core function type `{core}` of the lifted function", at);
                    RequireMemoryIfNeeded(ft, opts, at, lift: true);
                    if (opts.PostReturn is { } pr)
                    {
                        var prType = Scope.Get(s.CoreFuncs, pr, "core func", at);
                        if (!prType.Equals(new Wasm.FuncType(expected.Results, NoTypes)))
                            throw Scope.Invalid("post-return function type mismatch: expected the results of the lifted function as parameters and no results", at);
                    }
                    s.Funcs.Add(ft);
                    return ft;
                }
            case CanonKind.Lower:
                {
                    var ft = Scope.Get(s.Funcs, c.Func, "func", at);
                    var opts = Options(s, c.Options, at);
                    if (ft.IsAsync || opts.IsAsync) throw new UnsupportedFeatureException("component-model-async", at);
                    if (opts.PostReturn is not null) throw Scope.Invalid("canonical option `post-return` cannot be used with `canon lower`", at);
                    RequireMemoryIfNeeded(ft, opts, at, lift: false);
                    var sig = Abi.CanonicalAbi.FlattenFuncTypeLower(ft);
                    s.CoreFuncs.Add(sig);
                    return sig;
                }
            case CanonKind.ResourceNew:
            case CanonKind.ResourceRep:
                {
                    var r = ResourceAt(s, c.Type, at);
                    if (!s.LocalResources.Contains(r)) throw Scope.Invalid($"type {c.Type} is not a local resource", at);
                    s.CoreFuncs.Add(new Wasm.FuncType(I32, I32));
                    return r;
                }
            case CanonKind.ResourceDrop:
                {
                    var r = ResourceAt(s, c.Type, at);
                    s.CoreFuncs.Add(new Wasm.FuncType(I32, NoTypes));
                    return r;
                }
            default:
                throw new UnsupportedFeatureException(c.Opcode >= 0x26 && c.Opcode <= 0x2d || c.Opcode >= 0x40 ? "component-model-threading" : "component-model-async", at);
        }
    }

    /// <summary>The canonical options of a lift or lower, checked for duplicates, conflicts and types.</summary>
    private static (uint? Memory, uint? Realloc, uint? PostReturn, bool IsAsync) Options(Scope s, IReadOnlyList<CanonOpt> opts, int at)
    {
        bool encoding = false, isAsync = false;
        uint? memory = null, realloc = null, postReturn = null;
        foreach (var o in opts)
        {
            switch (o.Kind)
            {
                case 0 or 1 or 2:
                    if (encoding) throw Scope.Invalid("canonical encoding option `" + EncodingName(o.Kind) + "` conflicts with option `" + "string-encoding" + "`", at);
                    encoding = true;
                    break;
                case 3:
                    if (memory is not null) throw Scope.Invalid("`memory` is specified more than once", at);
                    var mt = Scope.Get(s.CoreMemories, o.Index, "memory", at);
                    if (mt.Is64) throw new UnsupportedFeatureException("memory64", at);
                    memory = o.Index;
                    break;
                case 4:
                    {
                        if (realloc is not null) throw Scope.Invalid("`realloc` is specified more than once", at);
                        var ft = Scope.Get(s.CoreFuncs, o.Index, "core func", at);
                        if (!ft.Equals(new Wasm.FuncType(new[] { Wasm.ValType.I32, Wasm.ValType.I32, Wasm.ValType.I32, Wasm.ValType.I32 }, I32)))
                            throw Scope.Invalid("canonical option `realloc` uses a core function with an incorrect signature", at);
                        realloc = o.Index;
                        break;
                    }
                case 5:
                    if (postReturn is not null) throw Scope.Invalid("`post-return` is specified more than once", at);
                    Scope.Get(s.CoreFuncs, o.Index, "core func", at);
                    postReturn = o.Index;
                    break;
                case 6:
                    if (isAsync) throw Scope.Invalid("`async` is specified more than once", at);
                    isAsync = true;
                    break;
                case 7:
                    throw new UnsupportedFeatureException("component-model-async", at);
                default:
                    throw new UnsupportedFeatureException("component-model-gc", at);
            }
        }
        return (memory, realloc, postReturn, isAsync);
    }

    private static string EncodingName(byte kind) => kind switch { 0 => "utf8", 1 => "utf16", _ => "latin1-utf16" };

    /// <summary>Types that pass strings or lists through memory need <c>memory</c>; lowering into memory needs <c>realloc</c>.</summary>
    private static void RequireMemoryIfNeeded(ComponentFuncType ft, (uint? Memory, uint? Realloc, uint? PostReturn, bool IsAsync) opts, int at, bool lift)
    {
        bool needsMemory = false, needsRealloc = false;
        foreach (var p in ft.Params)
        {
            if (Subtyping.UsesMemory(p.Type)) { needsMemory = true; if (lift) needsRealloc = true; }
        }
        if (ft.Result is { } r && Subtyping.UsesMemory(r)) { needsMemory = true; if (!lift) needsRealloc = true; }
        if (Abi.CanonicalAbi.ParamsInMemory(ft)) { needsMemory = true; if (lift) needsRealloc = true; }
        if (Abi.CanonicalAbi.ResultInMemory(ft)) needsMemory = true;
        if (needsMemory && opts.Memory is null) throw Scope.Invalid("canonical option `memory` is required", at);
        if (needsRealloc && opts.Realloc is null) throw Scope.Invalid("canonical option `realloc` is required", at);
    }

    // ---------------------------------------------------------------- component instantiation

    private static InstanceType Instantiate(Scope s, InstantiateDefinition inst)
    {
        int at = inst.Offset;
        var component = Scope.Get(s.Components, inst.Component, "component", at);
        var args = new Dictionary<string, ExternType>(StringComparer.Ordinal);
        foreach (var (name, item) in inst.Args)
        {
            if (!args.TryAdd(name, s.ExternTypeOf(item, at)))
                throw Scope.Invalid($"instantiation argument `{name}` conflicts with previous argument", at);
        }
        var map = new Dictionary<ResourceType, ResourceType>(ReferenceEqualityComparer.Instance);
        if (!Subtyping.Satisfies(component.Imports, name => args.GetValueOrDefault(name), component.ImportedResources, "import", map))
            throw Scope.Invalid(Subtyping.LastMismatch, at);
        // Every instantiation creates its own copies of the resources the component defines.
        foreach (var r in component.DefinedResources)
        {
            var fresh = new ResourceType(r.Name);
            map[r] = fresh;
            s.DefinedResources.Add(fresh);
        }
        // With every resource bound, substitution gives the imports' types as the exports below mention them.
        foreach (var (name, expected) in component.Imports)
            RecordSuppliedNames(s, TypeSubstitution.Apply(expected, map), args[name]);
        var exports = new KeyValuePair<string, ExternType>[component.Exports.Count];
        for (int i = 0; i < exports.Length; i++)
            exports[i] = new(component.Exports[i].Key, TypeSubstitution.Apply(component.Exports[i].Value, map));
        return new InstanceType(exports);
    }
}
