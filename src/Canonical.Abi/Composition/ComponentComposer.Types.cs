using Wasm.Components.Types;
using Wasm.Text;

namespace Wasm.Components.Composition;

public static partial class ComponentComposer
{
    /// <summary>
    /// Encodes the composition's imports from validated types, the way WIT tooling lays out an interface: an
    /// instance type that exports each of its named types (<c>(export "n" (type (eq i)))</c>), resources as
    /// <c>(sub resource)</c> where introduced and as an outer alias where another import introduced them, and
    /// functions whose signatures refer to those names.
    /// </summary>
    private sealed class TypeWriter(Writer output)
    {
        /// <summary>Type import key (see <see cref="ResourceOrigins"/>) to its index in the composition's type space.</summary>
        private readonly Dictionary<string, uint> _types = new(StringComparer.Ordinal);

        public (byte Sort, uint Index) Import(CompositionImport import)
        {
            var root = new RootScope(this, import.Origins);
            var desc = new ByteWriter();
            byte sort;
            switch (import.Type)
            {
                case InstanceType instance:
                    {
                        var scope = new InstanceScope(this, import.Origins, import.Name);
                        scope.Declare(instance);
                        var typeItem = new ByteWriter();
                        scope.WriteType(typeItem);
                        uint typeIndex = root.Define(typeItem);
                        desc.Byte(0x05);
                        desc.U32(typeIndex);
                        sort = InstanceSort;
                        break;
                    }
                case FuncExternType func:
                    desc.Byte(0x01);
                    desc.U32(root.FuncType(func.Type));
                    sort = FuncSort;
                    break;
                case TypeExternType { Resource: { } resource }:
                    desc.Byte(0x03);
                    desc.Byte(0x01);
                    sort = TypeSort;
                    if (import.Origins.Of(resource) != ResourceOrigins.Key(import.Name, null))
                        throw Unsupported(import.Name, "a resource import that renames another import's resource");
                    break;
                case TypeExternType { WitType: { } value }:
                    {
                        uint t = root.TypeIndex(value);
                        desc.Byte(0x03);
                        desc.Byte(0x00);
                        desc.U32(t);
                        sort = TypeSort;
                        break;
                    }
                default:
                    throw Unsupported(import.Name, $"{Wiring.Describe(import.Type.Kind)} import");
            }

            var item = new ByteWriter();
            item.Byte(0x00);
            Name(item, import.Name);
            item.Append(desc);
            output.Item(ImportSectionId, item);
            uint index = output.Next(sort);

            // Later imports refer to the types this one introduces through aliases of its exports.
            if (import.Type is TypeExternType) _types[import.Name] = index;
            else if (import.Type is InstanceType it)
                foreach (var (export, t) in it.Exports)
                    if (t is TypeExternType te && Introduces(import, export, te))
                        _types[ResourceOrigins.Key(import.Name, export)] = output.AliasExport(index, export, TypeSort).Index;
            return (sort, index);
        }

        private static bool Introduces(CompositionImport import, string export, TypeExternType type)
        {
            var key = type.Resource is { } r ? import.Origins.Of(r) : type.WitType is { } w ? import.Origins.Of(w) : null;
            return key == ResourceOrigins.Key(import.Name, export);
        }

        private static LinkException Unsupported(string import, string what) =>
            new($"`{import}`: {what} cannot be re-imported by a composition");

        /// <summary>One place types are defined: the composition itself or an instance type.</summary>
        private abstract class Scope(TypeWriter owner, ResourceOrigins origins)
        {
            protected readonly TypeWriter Owner = owner;
            private readonly ResourceOrigins _origins = origins;

            /// <summary>Where the resources of the component this import's type comes from are introduced.</summary>
            public ResourceOrigins Origins => _origins;

            /// <summary>Value types and resources that already have an index here (names first, then anonymous ones).</summary>
            protected readonly Dictionary<object, uint> Known = new(ReferenceEqualityComparer.Instance);

            /// <summary>Appends a type definition; returns its index.</summary>
            public abstract uint Define(ByteWriter deftype);

            /// <summary>The index here of a type introduced by another import (its index in the composition).</summary>
            protected abstract uint Outer(uint compositionIndex);

            /// <summary>The key of the import introducing this scope's own types, null at the composition's level.</summary>
            protected abstract string? OwnImport { get; }

            protected uint Resource(ResourceType r)
            {
                if (Known.TryGetValue(r, out var index)) return index;
                var key = _origins.Of(r) ?? throw new LinkException($"resource `{r}` is not introduced by any import");
                if (!Owner._types.TryGetValue(key, out var outer))
                    throw new LinkException($"resource `{r}` comes from `{key}`, which the composition does not import");
                index = Outer(outer);
                Known[r] = index;
                return index;
            }

            private bool IsOwn(string key) => OwnImport is { } own && key.StartsWith(own + "#", StringComparison.Ordinal);

            public void ValType(ByteWriter w, WitType type)
            {
                if (type is PrimitiveType) w.Byte(PrimitiveByte(type.Kind));
                else w.S64(TypeIndex(type));
            }

            /// <summary>The index of a value type, defining it (and whatever it refers to) when it has none yet.</summary>
            public uint TypeIndex(WitType type)
            {
                if (Known.TryGetValue(type, out var index) || Known.TryGetValue(type.Definition, out index)) return index;
                // A type another import named is that import's type, as the interfaces that `use` it see it.
                if (type is not PrimitiveType && Origins.Of(type) is { } key && !IsOwn(key) && Owner._types.TryGetValue(key, out var outer))
                {
                    index = Outer(outer);
                    Known[type.Definition] = index;
                    return index;
                }
                var w = new ByteWriter();
                switch (type)
                {
                    case PrimitiveType:
                        w.Byte(PrimitiveByte(type.Kind));
                        break;
                    case RecordType record:
                        {
                            var body = new ByteWriter();
                            foreach (var f in record.Fields)
                            {
                                Name(body, f.Name);
                                ValType(body, f.Type);
                            }
                            w.Byte(0x72);
                            w.U32((uint)record.Fields.Count);
                            w.Append(body);
                            break;
                        }
                    case VariantType variant:
                        {
                            var body = new ByteWriter();
                            foreach (var c in variant.Cases)
                            {
                                Name(body, c.Name);
                                OptionalValType(body, c.Type);
                                body.Byte(0x00);
                            }
                            w.Byte(0x71);
                            w.U32((uint)variant.Cases.Count);
                            w.Append(body);
                            break;
                        }
                    case ListType list:
                        {
                            var body = new ByteWriter();
                            ValType(body, list.Element);
                            w.Byte(list.FixedLength is null ? (byte)0x70 : (byte)0x67);
                            w.Append(body);
                            if (list.FixedLength is { } n) w.U32(n);
                            break;
                        }
                    case TupleType tuple:
                        {
                            var body = new ByteWriter();
                            foreach (var t in tuple.Types) ValType(body, t);
                            w.Byte(0x6F);
                            w.U32((uint)tuple.Types.Count);
                            w.Append(body);
                            break;
                        }
                    case FlagsType flags:
                        w.Byte(0x6E);
                        Names(w, flags.Names);
                        break;
                    case EnumType e:
                        w.Byte(0x6D);
                        Names(w, e.Names);
                        break;
                    case OptionType option:
                        {
                            var body = new ByteWriter();
                            ValType(body, option.Inner);
                            w.Byte(0x6B);
                            w.Append(body);
                            break;
                        }
                    case ResultType result:
                        {
                            var body = new ByteWriter();
                            OptionalValType(body, result.Ok);
                            OptionalValType(body, result.Error);
                            w.Byte(0x6A);
                            w.Append(body);
                            break;
                        }
                    case HandleType handle:
                        {
                            uint resource = Resource(handle.Resource);
                            w.Byte(handle.IsOwn ? (byte)0x69 : (byte)0x68);
                            w.U32(resource);
                            break;
                        }
                    case AsyncValueType async:
                        {
                            var body = new ByteWriter();
                            OptionalValType(body, async.Element);
                            w.Byte(async.Kind == ValueKind.Stream ? (byte)0x66 : (byte)0x65);
                            w.Append(body);
                            break;
                        }
                    case MapType map:
                        {
                            var body = new ByteWriter();
                            ValType(body, map.Key);
                            ValType(body, map.Value);
                            w.Byte(0x63);
                            w.Append(body);
                            break;
                        }
                    default:
                        throw new LinkException($"type {type} cannot be encoded");
                }
                index = Define(w);
                Known[type] = index;
                return index;
            }

            private void OptionalValType(ByteWriter w, WitType? type)
            {
                if (type is null)
                {
                    w.Byte(0x00);
                    return;
                }
                w.Byte(0x01);
                ValType(w, type);
            }

            /// <summary>Defines a function type; returns its index.</summary>
            public uint FuncType(ComponentFuncType type)
            {
                var w = new ByteWriter();
                w.Byte(type.IsAsync ? (byte)0x43 : (byte)0x40);
                w.U32((uint)type.Params.Count);
                foreach (var p in type.Params)
                {
                    Name(w, p.Name);
                    ValType(w, p.Type);
                }
                if (type.Result is { } result)
                {
                    w.Byte(0x00);
                    ValType(w, result);
                }
                else
                {
                    w.Byte(0x01);
                    w.Byte(0x00);
                }
                return Define(w);
            }

            private static void Names(ByteWriter w, IReadOnlyList<string> names)
            {
                w.U32((uint)names.Count);
                foreach (var n in names) Name(w, n);
            }
        }

        /// <summary>The composition's own type space: definitions go to type sections.</summary>
        private sealed class RootScope(TypeWriter owner, ResourceOrigins origins) : Scope(owner, origins)
        {
            public override uint Define(ByteWriter deftype)
            {
                Owner.Output.Item(TypeSectionId, deftype);
                return Owner.Output.Next(TypeSort);
            }

            protected override uint Outer(uint compositionIndex) => compositionIndex;

            protected override string? OwnImport => null;
        }

        /// <summary>The declarations of one imported instance's type.</summary>
        private sealed class InstanceScope(TypeWriter owner, ResourceOrigins origins, string import) : Scope(owner, origins)
        {
            private readonly ByteWriter _decls = new(256);
            private readonly HashSet<object> _namedHere = new(ReferenceEqualityComparer.Instance);
            private uint _declCount;
            private uint _types;

            public override uint Define(ByteWriter deftype)
            {
                _decls.Byte(0x01);
                _decls.Append(deftype);
                _declCount++;
                return _types++;
            }

            protected override string? OwnImport => import;

            protected override uint Outer(uint compositionIndex)
            {
                // (alias outer 1 compositionIndex (type))
                _decls.Byte(0x02);
                _decls.Byte(TypeSort);
                _decls.Byte(0x02);
                _decls.U32(1);
                _decls.U32(compositionIndex);
                _declCount++;
                return _types++;
            }

            private void ExportDecl(string name, ByteWriter desc)
            {
                _decls.Byte(0x04);
                _decls.Byte(0x00);
                Name(_decls, name);
                _decls.Append(desc);
                _declCount++;
            }

            public void Declare(InstanceType instance)
            {
                foreach (var (name, type) in instance.Exports)
                {
                    var desc = new ByteWriter();
                    switch (type)
                    {
                        case TypeExternType { Resource: { } r }:
                            {
                                bool introduced = Origins.Of(r) == ResourceOrigins.Key(import, name);
                                desc.Byte(0x03);
                                if (introduced) desc.Byte(0x01);
                                else
                                {
                                    desc.Byte(0x00);
                                    desc.U32(Resource(r));
                                }
                                ExportDecl(name, desc);
                                // Handles refer to a resource by its first name here (`fields`, not `trailers`):
                                // its constructor and methods are named after that one.
                                uint exportedResource = _types++;
                                if (_namedHere.Add(r)) Known[r] = exportedResource;
                                break;
                            }
                        case TypeExternType { WitType: { } value }:
                            {
                                uint t = TypeIndex(value);
                                desc.Byte(0x03);
                                desc.Byte(0x00);
                                desc.U32(t);
                                ExportDecl(name, desc);
                                uint exported = _types++;
                                Known[value] = exported;
                                if (_namedHere.Add(value.Definition)) Known[value.Definition] = exported;
                                break;
                            }
                        case FuncExternType func:
                            {
                                uint t = FuncType(func.Type);
                                desc.Byte(0x01);
                                desc.U32(t);
                                ExportDecl(name, desc);
                                break;
                            }
                        default:
                            throw Unsupported(import + "#" + name, $"{Wiring.Describe(type.Kind)} exported by an imported instance");
                    }
                }
            }

            /// <summary>Writes <c>(instance ...)</c> as a type definition.</summary>
            public void WriteType(ByteWriter w)
            {
                w.Byte(0x42);
                w.U32(_declCount);
                w.Append(_decls);
            }
        }

        private Writer Output => output;
    }

    private static byte PrimitiveByte(ValueKind kind) => kind switch
    {
        ValueKind.Bool => 0x7F,
        ValueKind.S8 => 0x7E,
        ValueKind.U8 => 0x7D,
        ValueKind.S16 => 0x7C,
        ValueKind.U16 => 0x7B,
        ValueKind.S32 => 0x7A,
        ValueKind.U32 => 0x79,
        ValueKind.S64 => 0x78,
        ValueKind.U64 => 0x77,
        ValueKind.F32 => 0x76,
        ValueKind.F64 => 0x75,
        ValueKind.Char => 0x74,
        ValueKind.String => 0x73,
        ValueKind.ErrorContext => 0x64,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
