using System.Collections.Generic;
using System.Text;
using Wit.Ast;
using Wit.Diagnostics;
using Wit.Model;

namespace Wit.Resolution;

/// <summary>Type expressions, anonymous type interning, functions and attributes.</summary>
internal sealed partial class PackageBuilder
{
    private TypeDefKind ResolveTypeDefKind(TypeSyntax type, Stability stability)
    {
        switch (type.Kind)
        {
            case TypeSyntaxKind.Bool: return new AliasKind(WitType.Primitive(WitTypeKind.Bool));
            case TypeSyntaxKind.U8: return new AliasKind(WitType.Primitive(WitTypeKind.U8));
            case TypeSyntaxKind.U16: return new AliasKind(WitType.Primitive(WitTypeKind.U16));
            case TypeSyntaxKind.U32: return new AliasKind(WitType.Primitive(WitTypeKind.U32));
            case TypeSyntaxKind.U64: return new AliasKind(WitType.Primitive(WitTypeKind.U64));
            case TypeSyntaxKind.S8: return new AliasKind(WitType.Primitive(WitTypeKind.S8));
            case TypeSyntaxKind.S16: return new AliasKind(WitType.Primitive(WitTypeKind.S16));
            case TypeSyntaxKind.S32: return new AliasKind(WitType.Primitive(WitTypeKind.S32));
            case TypeSyntaxKind.S64: return new AliasKind(WitType.Primitive(WitTypeKind.S64));
            case TypeSyntaxKind.F32: return new AliasKind(WitType.Primitive(WitTypeKind.F32));
            case TypeSyntaxKind.F64: return new AliasKind(WitType.Primitive(WitTypeKind.F64));
            case TypeSyntaxKind.Char: return new AliasKind(WitType.Primitive(WitTypeKind.Char));
            case TypeSyntaxKind.String: return new AliasKind(WitType.Primitive(WitTypeKind.String));
            case TypeSyntaxKind.ErrorContext: return new AliasKind(WitType.Primitive(WitTypeKind.ErrorContext));
            case TypeSyntaxKind.Name: return new AliasKind(WitType.FromId(ResolveTypeName(type.Name)));
            case TypeSyntaxKind.List: return new ListKind(ResolveType(type.First!, stability));
            case TypeSyntaxKind.FixedLengthList: return new FixedLengthListKind(ResolveType(type.First!, stability), type.Size);
            case TypeSyntaxKind.Map:
            {
                var key = ResolveType(type.First!, stability);
                var value = ResolveType(type.Second!, stability);
                if (key.IsId || key.Kind is WitTypeKind.F32 or WitTypeKind.F64 or WitTypeKind.ErrorContext)
                {
                    throw new WitException("invalid map key type: map keys must be bool, u8, u16, u32, u64, s8, s16, s32, s64, char, or string", type.Span);
                }

                return new MapKind(key, value);
            }

            case TypeSyntaxKind.Own: return new HandleKind(false, ValidateResource(type.Name));
            case TypeSyntaxKind.Borrow: return new HandleKind(true, ValidateResource(type.Name));
            case TypeSyntaxKind.Resource:
            {
                int constructors = 0;
                var names = new HashSet<string>(System.StringComparer.Ordinal);
                foreach (var func in type.ResourceFuncs!)
                {
                    if (func.Kind == ResourceFuncKind.Constructor)
                    {
                        if (++constructors > 1)
                        {
                            throw new WitException("duplicate constructors", func.Func.Name.Span);
                        }
                    }
                    else if (!names.Add(func.Func.Name.Name))
                    {
                        throw new WitException($"duplicate function name `{func.Func.Name.Name}`", func.Func.Name.Span);
                    }
                }

                return ResourceKind.Instance;
            }

            case TypeSyntaxKind.Record:
            {
                var fields = new List<Field>(type.Fields!.Count);
                foreach (var field in type.Fields)
                {
                    fields.Add(new Field(field.Name.Name, ResolveType(field.Type, stability), DocsText.From(field.Docs), field.Name.Span));
                }

                return new RecordKind(fields);
            }

            case TypeSyntaxKind.Flags:
            case TypeSyntaxKind.Enum:
            {
                if (type.Kind == TypeSyntaxKind.Enum && type.Cases!.Count == 0)
                {
                    throw new WitException("empty enum", type.Span);
                }

                var cases = new List<NamedCase>(type.Cases!.Count);
                foreach (var c in type.Cases)
                {
                    cases.Add(new NamedCase(c.Name.Name, DocsText.From(c.Docs), c.Name.Span));
                }

                return type.Kind == TypeSyntaxKind.Enum ? new EnumKind(cases) : new FlagsKind(cases);
            }

            case TypeSyntaxKind.Tuple:
            {
                var types = new List<WitType>(type.Types!.Count);
                foreach (var element in type.Types)
                {
                    types.Add(ResolveType(element, stability));
                }

                return new TupleKind(types);
            }

            case TypeSyntaxKind.Variant:
            {
                if (type.Cases!.Count == 0)
                {
                    throw new WitException("empty variant", type.Span);
                }

                var cases = new List<VariantCase>(type.Cases.Count);
                foreach (var c in type.Cases)
                {
                    cases.Add(new VariantCase(c.Name.Name, ResolveOptionalType(c.Type, stability), DocsText.From(c.Docs), c.Name.Span));
                }

                return new VariantKind(cases);
            }

            case TypeSyntaxKind.Option: return new OptionKind(ResolveType(type.First!, stability));
            case TypeSyntaxKind.Result: return new ResultKind(ResolveOptionalType(type.First, stability), ResolveOptionalType(type.Second, stability));
            case TypeSyntaxKind.Future: return new FutureKind(ResolveOptionalType(type.First, stability));
            default: return new StreamKind(ResolveOptionalType(type.First, stability));
        }
    }

    private TypeId ResolveTypeName(Identifier name)
    {
        if (!_typeLookup.TryGetValue(name.Name, out var binding))
        {
            throw new WitException($"name `{name.Name}` does not exist", name.Span);
        }

        if (binding.Type is not { } id)
        {
            throw new WitException($"cannot use {binding.ItemKind} `{name.Name}` as a type", name.Span);
        }

        return id;
    }

    private TypeId ValidateResource(Identifier name)
    {
        var id = ResolveTypeName(name);
        var current = id;
        while (true)
        {
            switch (_types[current.Index].Kind)
            {
                case ResourceKind:
                    return id;
                case AliasKind { Target.IsId: true } alias:
                    current = alias.Target.Id;
                    continue;
                case UnknownKind:
                    _requiredResourceTypes.Add((current, name.Span));
                    return id;
                default:
                    throw new WitException($"type `{name.Name}` used in a handle must be a resource", name.Span);
            }
        }
    }

    private WitType? ResolveOptionalType(TypeSyntax? type, Stability stability) => type is null ? null : ResolveType(type, stability);

    private WitType ResolveType(TypeSyntax type, Stability stability)
    {
        var kind = ResolveTypeDefKind(type, stability);
        return InternAnonymous(kind, FindStability(kind, stability), type.Span);
    }

    /// <summary>Anonymous types are shared within a package: `list&lt;u8&gt;` used twice is one type.</summary>
    private WitType InternAnonymous(TypeDefKind kind, Stability stability, TextSpan span)
    {
        switch (kind)
        {
            case AliasKind alias:
                return alias.Target;
            case HandleKind { IsBorrow: false } own:
                // `own<T>` is the same as a plain reference to the resource `T`.
                return WitType.FromId(own.Resource);
        }

        string key = AnonymousKey(kind);
        if (!_anonTypes.TryGetValue(key, out var id))
        {
            id = AllocType(new TypeDef(null, kind, TypeOwner.None, null, stability, span));
            _anonTypes.Add(key, id);
        }

        return WitType.FromId(id);
    }

    private static string AnonymousKey(TypeDefKind kind)
    {
        var sb = new StringBuilder();
        sb.Append(kind.KindName).Append('(');
        switch (kind)
        {
            case HandleKind handle: sb.Append(handle.Resource.Index); break;
            case RecordKind record:
                foreach (var f in record.Fields) sb.Append(f.Name).Append(':').Append(Key(f.Type)).Append(',');
                break;
            case VariantKind variant:
                foreach (var c in variant.Cases) sb.Append(c.Name).Append(':').Append(c.Type is { } t ? Key(t) : "-").Append(',');
                break;
            case FlagsKind flags:
                foreach (var f in flags.Flags) sb.Append(f.Name).Append(',');
                break;
            case EnumKind e:
                foreach (var c in e.Cases) sb.Append(c.Name).Append(',');
                break;
            case TupleKind tuple:
                foreach (var t in tuple.Types) sb.Append(Key(t)).Append(',');
                break;
            case ListKind list: sb.Append(Key(list.Type)); break;
            case FixedLengthListKind fixedList: sb.Append(Key(fixedList.Type)).Append(',').Append(fixedList.Size); break;
            case MapKind map: sb.Append(Key(map.Key)).Append(',').Append(Key(map.Value)); break;
            case OptionKind option: sb.Append(Key(option.Type)); break;
            case ResultKind result: sb.Append(result.Ok is { } ok ? Key(ok) : "-").Append(',').Append(result.Err is { } err ? Key(err) : "-"); break;
            case FutureKind future: sb.Append(future.Type is { } ft ? Key(ft) : "-"); break;
            case StreamKind stream: sb.Append(stream.Type is { } st ? Key(st) : "-"); break;
        }

        return sb.Append(')').ToString();

        static string Key(WitType type) => type.IsId ? "#" + type.Id.Index : WitType.PrimitiveName(type.Kind);
    }

    /// <summary>An anonymous type without its own gate inherits the gate of the first gated type it refers to.</summary>
    private Stability FindStability(TypeDefKind kind, Stability stability)
    {
        if (!stability.IsUnknown)
        {
            return stability;
        }

        return FindInKind(kind) ?? Stability.Unknown;

        Stability? FindInKind(TypeDefKind k)
        {
            switch (k)
            {
                case AliasKind alias: return FindInType(alias.Target);
                case HandleKind handle: return FindInType(WitType.FromId(handle.Resource));
                case TupleKind tuple:
                    foreach (var t in tuple.Types)
                    {
                        if (FindInType(t) is { } s)
                        {
                            return s;
                        }
                    }

                    return null;
                case ListKind list: return FindInType(list.Type);
                case FixedLengthListKind fixedList: return FindInType(fixedList.Type);
                case OptionKind option: return FindInType(option.Type);
                case MapKind map: return FindInType(map.Key) ?? FindInType(map.Value);
                case FutureKind future: return future.Type is { } ft ? FindInType(ft) : null;
                case StreamKind stream: return stream.Type is { } st ? FindInType(st) : null;
                case ResultKind result:
                    return (result.Ok is { } ok ? FindInType(ok) : null) ?? (result.Err is { } err ? FindInType(err) : null);
                default: return null;
            }
        }

        Stability? FindInType(WitType type)
        {
            if (!type.IsId)
            {
                return null;
            }

            var s = _types[type.Id.Index].Stability;
            return s.IsUnknown ? null : s;
        }
    }

    private Function ResolveResourceFunction(ResourceFuncSyntax func, Identifier resource)
    {
        var resourceId = _typeLookup[resource.Name].Type!.Value;
        var named = func.Func;
        bool isAsync = named.Func.IsAsync;
        string name;
        FunctionKindTag kind;
        switch (func.Kind)
        {
            case ResourceFuncKind.Method:
                name = $"[method]{resource.Name}.{named.Name.Name}";
                kind = isAsync ? FunctionKindTag.AsyncMethod : FunctionKindTag.Method;
                break;
            case ResourceFuncKind.Static:
                name = $"[static]{resource.Name}.{named.Name.Name}";
                kind = isAsync ? FunctionKindTag.AsyncStatic : FunctionKindTag.Static;
                break;
            default:
                name = $"[constructor]{resource.Name}";
                kind = FunctionKindTag.Constructor;
                break;
        }

        return ResolveFunction(named.Docs, named.Attributes, name, named.Name.Span, named.Func, kind, resourceId);
    }

    private Function ResolveFunction(DocComments docs, List<AttributeSyntax> attributes, string name, TextSpan nameSpan, FuncSyntax func, FunctionKindTag kind, TypeId? resource)
    {
        string? docText = DocsText.From(docs);
        var stability = StabilityOf(attributes);
        string? externalId = ExternalIdOf(attributes);
        var parameters = new List<Param>();
        if (kind is FunctionKindTag.Method or FunctionKindTag.AsyncMethod)
        {
            var borrow = new HandleKind(true, resource!.Value);
            var self = InternAnonymous(borrow, FindStability(borrow, Stability.Unknown), func.Span);
            parameters.Add(new Param("self", self, func.Span));
        }

        foreach (var (paramName, paramType) in func.Params)
        {
            foreach (var existing in parameters)
            {
                if (existing.Name == paramName.Name)
                {
                    throw new WitException($"param `{paramName.Name}` is defined more than once", paramName.Span);
                }
            }

            parameters.Add(new Param(paramName.Name, ResolveType(paramType, Stability.Unknown), paramName.Span));
        }

        WitType? result;
        if (kind == FunctionKindTag.Constructor)
        {
            result = func.Result is null ? WitType.FromId(resource!.Value) : ResolveConstructorResult(resource!.Value, func.Result);
        }
        else
        {
            result = func.Result is null ? null : ResolveType(func.Result, Stability.Unknown);
        }

        return new Function(name, kind, resource, parameters, result, docText, stability, nameSpan, externalId);
    }

    private WitType ResolveConstructorResult(TypeId resource, TypeSyntax syntax)
    {
        var result = ResolveType(syntax, Stability.Unknown);
        if (!result.IsId || _types[result.Id.Index].Kind is not ResultKind resultKind)
        {
            throw new WitException("if a constructor return type is declared it must be a `result`", syntax.Span);
        }

        if (resultKind.Ok is { IsId: true } ok && ok.Id == resource)
        {
            return result;
        }

        var okSpan = syntax.Kind == TypeSyntaxKind.Result && syntax.First is { } okSyntax ? okSyntax.Span : syntax.Span;
        throw new WitException("the `ok` type must be the resource being constructed", okSpan);
    }

    private static Stability StabilityOf(List<AttributeSyntax> attributes)
    {
        SemVersion? since = null, deprecated = null;
        string? feature = null;
        var sinceSpan = TextSpan.Unknown;
        var deprecatedSpan = TextSpan.Unknown;
        foreach (var attribute in attributes)
        {
            switch (attribute.Kind)
            {
                case AttributeKind.Since:
                    if (since is not null)
                    {
                        throw new WitException("cannot specify @since twice", attribute.Span);
                    }

                    since = attribute.Version;
                    sinceSpan = attribute.Span;
                    break;
                case AttributeKind.Deprecated:
                    if (deprecated is not null)
                    {
                        throw new WitException("cannot specify @deprecated twice", attribute.Span);
                    }

                    deprecated = attribute.Version;
                    deprecatedSpan = attribute.Span;
                    break;
                case AttributeKind.Unstable:
                    if (feature is not null)
                    {
                        throw new WitException("cannot specify @unstable twice", attribute.Span);
                    }

                    feature = attribute.Feature;
                    break;
            }
        }

        if (since is not null && feature is not null)
        {
            throw new WitException("cannot specify both @since and @unstable", sinceSpan);
        }

        if (since is not null)
        {
            return new Stability(StabilityKind.Stable, null, since, deprecated);
        }

        if (feature is not null)
        {
            return new Stability(StabilityKind.Unstable, feature, null, deprecated);
        }

        if (deprecated is not null)
        {
            throw new WitException("cannot specify both @deprecated without @since or @unstable", deprecatedSpan);
        }

        return Stability.Unknown;
    }

    private static string? ExternalIdOf(List<AttributeSyntax> attributes)
    {
        string? id = null;
        foreach (var attribute in attributes)
        {
            if (attribute.Kind == AttributeKind.ExternalId)
            {
                if (id is not null)
                {
                    throw new WitException("cannot specify @external-id twice", attribute.Span);
                }

                id = attribute.ExternalId;
            }
        }

        return id;
    }

    private static void CollectDeps(TypeSyntax type, List<Identifier> deps)
    {
        switch (type.Kind)
        {
            case TypeSyntaxKind.Name:
            case TypeSyntaxKind.Own:
            case TypeSyntaxKind.Borrow:
                deps.Add(type.Name);
                break;
            case TypeSyntaxKind.Record:
                foreach (var field in type.Fields!) CollectDeps(field.Type, deps);
                break;
            case TypeSyntaxKind.Tuple:
                foreach (var t in type.Types!) CollectDeps(t, deps);
                break;
            case TypeSyntaxKind.Variant:
                foreach (var c in type.Cases!)
                {
                    if (c.Type is not null) CollectDeps(c.Type, deps);
                }

                break;
            default:
                if (type.Kind != TypeSyntaxKind.Flags && type.Kind != TypeSyntaxKind.Enum)
                {
                    if (type.First is not null) CollectDeps(type.First, deps);
                    if (type.Second is not null) CollectDeps(type.Second, deps);
                }

                break;
        }
    }
}
