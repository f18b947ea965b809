using System;
using System.Collections.Generic;
using Wit.Model;

namespace Wit.Generators.Abi;

/// <summary>A flat core value in emitted code: a C# expression and its core type.</summary>
internal readonly struct FlatValue
{
    public FlatValue(string expr, CoreType type)
    {
        Expr = expr;
        Type = type;
    }

    public string Expr { get; }

    public CoreType Type { get; }
}

/// <summary>
/// Writes the canonical ABI's lifting and lowering of one value as straight-line C#, for the host side: lowering
/// a C# value to flat core values or to memory (<c>lower_flat</c>, <c>store</c>), and lifting one back
/// (<c>lift_flat</c>, <c>load</c>). Sizes, offsets and flat types are constants in the output; memory, strings and
/// handles go through the <c>LiftLowerContext</c> local <see cref="Cx"/>. One instance writes one method body:
/// it hands out the body's temporary names.
/// </summary>
internal sealed class ValueEmitter
{
    /// <summary>The call's <c>LiftLowerContext</c> local; emitted locals start with <c>__</c>, which no WIT name converts to.</summary>
    public const string Cx = "__cx";
    public const string Scalars = "global::Wasm.Components.Bindings.Scalars";
    private const string MemoryMarshal = "global::System.Runtime.InteropServices.MemoryMarshal";
    private const string BitConverter = "global::System.BitConverter";

    private readonly AbiLayouts _layouts;
    private readonly CSharpTypes _types;
    private readonly ICodeWriter _w;
    private readonly HashSet<string> _reserved;
    private int _next;

    public ValueEmitter(AbiLayouts layouts, CSharpTypes types, ICodeWriter writer, IEnumerable<string> reserved)
    {
        _layouts = layouts;
        _types = types;
        _w = writer;
        _reserved = new HashSet<string>(reserved, StringComparer.Ordinal);
    }

    private ICSharpNames Names => _types.Names;

    /// <summary>A fresh local name; never one of the reserved (parameter) names.</summary>
    public string Temp(string prefix)
    {
        string name;
        do name = prefix + _next++;
        while (_reserved.Contains(name));
        return name;
    }

    /// <summary>Whether lifting or lowering <paramref name="type"/> touches memory or handles (needs <see cref="Cx"/>).</summary>
    public bool NeedsContext(WitType type)
    {
        type = _types.Unalias(type);
        switch (type.Kind)
        {
            case WitTypeKind.String:
                return true;
            case WitTypeKind.Id:
                break;
            default:
                return false;
        }

        switch (_types.KindOf(type))
        {
            case ListKind:
            case HandleKind:
                return true;
            case FixedLengthListKind f:
                return NeedsContext(f.Type);
            case RecordKind r:
                return r.Fields.Exists(f => NeedsContext(f.Type));
            case TupleKind t:
                return t.Types.Exists(NeedsContext);
            case VariantKind v:
                return v.Cases.Exists(c => c.Type is { } t && NeedsContext(t));
            case OptionKind o:
                return NeedsContext(o.Type);
            case ResultKind res:
                return (res.Ok is { } ok && NeedsContext(ok)) || (res.Err is { } err && NeedsContext(err));
            default:
                return false;
        }
    }

    public static string CSharpOf(CoreType t) => t switch
    {
        CoreType.I32 => "int",
        CoreType.I64 => "long",
        CoreType.F32 => "float",
        _ => "double",
    };

    private static string Zero(CoreType t) => t switch
    {
        CoreType.I32 => "0",
        CoreType.I64 => "0L",
        CoreType.F32 => "0f",
        _ => "0d",
    };

    private static string Addr(string ptr, int offset) => offset == 0 ? ptr : ptr + " + " + offset;

    /// <summary>A trap unless <paramref name="ptr"/> is a multiple of <paramref name="alignment"/>.</summary>
    public void CheckAligned(string ptr, int alignment, string what)
    {
        if (alignment <= 1) return;
        _w.Line($"if (({ptr} & {alignment - 1}) != 0) throw new global::Wasm.TrapException(global::Wasm.TrapCode.CanonicalAbi, \"unaligned pointer: {what} not aligned to {alignment}\");");
    }

    // ------------------------------------------------------------------ lowering

    /// <summary><c>lower_flat</c>: the flat values of <paramref name="value"/> (a side-effect-free expression).</summary>
    public List<FlatValue> LowerFlat(WitType type, string value)
    {
        var flat = new List<FlatValue>();
        LowerFlat(type, value, flat);
        return flat;
    }

    private void LowerFlat(WitType type, string v, List<FlatValue> flat)
    {
        type = _types.Unalias(type);
        switch (type.Kind)
        {
            case WitTypeKind.Bool: flat.Add(new FlatValue($"({v} ? 1 : 0)", CoreType.I32)); return;
            case WitTypeKind.U8:
            case WitTypeKind.S8:
            case WitTypeKind.U16:
            case WitTypeKind.S16:
            case WitTypeKind.S32: flat.Add(new FlatValue(v, CoreType.I32)); return;
            case WitTypeKind.U32: flat.Add(new FlatValue($"unchecked((int){v})", CoreType.I32)); return;
            case WitTypeKind.S64: flat.Add(new FlatValue(v, CoreType.I64)); return;
            case WitTypeKind.U64: flat.Add(new FlatValue($"unchecked((long){v})", CoreType.I64)); return;
            case WitTypeKind.F32: flat.Add(new FlatValue(v, CoreType.F32)); return;
            case WitTypeKind.F64: flat.Add(new FlatValue(v, CoreType.F64)); return;
            case WitTypeKind.Char: flat.Add(new FlatValue($"{v}.Value", CoreType.I32)); return;
            case WitTypeKind.String:
            {
                string ptr = Temp("ptr"), len = Temp("len");
                _w.Line($"int {ptr} = {Cx}.StoreString({v}, out int {len});");
                flat.Add(new FlatValue(ptr, CoreType.I32));
                flat.Add(new FlatValue(len, CoreType.I32));
                return;
            }
        }

        var id = _types.Definition(type);
        switch (_layouts.Resolve[id].Kind)
        {
            case RecordKind record:
                for (int i = 0; i < record.Fields.Count; i++) LowerFlat(record.Fields[i].Type, $"{v}.{Names.FieldName(id, i)}", flat);
                return;
            case TupleKind tuple:
                for (int i = 0; i < tuple.Types.Count; i++) LowerFlat(tuple.Types[i], $"{v}.Item{i + 1}", flat);
                return;
            case EnumKind:
                flat.Add(new FlatValue($"(int){v}", CoreType.I32));
                return;
            case FlagsKind:
                LowerFlags(id, v, flat);
                return;
            case ListKind list:
            {
                var (ptr, len) = StoreList(list.Type, v);
                flat.Add(new FlatValue(ptr, CoreType.I32));
                flat.Add(new FlatValue(len, CoreType.I32));
                return;
            }
            case FixedLengthListKind fixedList:
                CheckFixedLength(v, fixedList.Size);
                for (int i = 0; i < fixedList.Size; i++) LowerFlat(fixedList.Type, $"{v}[{i}]", flat);
                return;
            case HandleKind handle:
                flat.Add(new FlatValue(LowerHandle(id, handle, v), CoreType.I32));
                return;
            case VariantKind:
            case OptionKind:
            case ResultKind:
                LowerVariantFlat(id, v, flat);
                return;
            case var kind:
                throw new NotSupportedException($"lowering a {kind.KindName} is not supported");
        }
    }

    private void LowerFlags(TypeId id, string v, List<FlatValue> flat)
    {
        var layout = _layouts.Of(id);
        if (layout.FlagWords == 1)
        {
            flat.Add(new FlatValue($"unchecked((int){v})", CoreType.I32));
            return;
        }

        // 33 to 64 labels: a ulong enum, as two i32 words, low word first.
        flat.Add(new FlatValue($"unchecked((int)(ulong){v})", CoreType.I32));
        flat.Add(new FlatValue($"unchecked((int)((ulong){v} >> 32))", CoreType.I32));
    }

    private void CheckFixedLength(string v, uint length) =>
        _w.Line($"if ({v}.Length != {length}) throw new global::System.ArgumentException(\"a list<_, {length}> needs {length} elements\");");

    private string LowerHandle(TypeId id, HandleKind handle, string v)
    {
        string op = handle.IsBorrow ? "LowerBorrow" : "LowerOwn";
        return $"{Cx}.{op}({Names.ResourceTypeExpression(_layouts.Resolve.Dealias(handle.Resource))}, {Names.HandleToRep(id, v)})";
    }

    /// <summary>Variants, options and results: locals for the joined flat values, assigned in each case.</summary>
    private void LowerVariantFlat(TypeId id, string v, List<FlatValue> flat)
    {
        var joined = _layouts.Of(id).Flat ?? throw new NotSupportedException("a variant of more than 16 flat values cannot be passed flat");
        string prefix = Temp("v");
        var locals = new FlatValue[joined.Length];
        for (int i = 0; i < joined.Length; i++)
        {
            locals[i] = new FlatValue($"{prefix}_{i}", joined[i]);
            _w.Line($"{CSharpOf(joined[i])} {locals[i].Expr};");
        }

        EmitCases(id, v, (index, payloadType, payload) =>
        {
            _w.Line($"{locals[0].Expr} = {index};");
            int assigned = 1;
            if (payloadType is { } pt)
            {
                foreach (var f in LowerFlat(pt, payload!))
                {
                    _w.Line($"{locals[assigned].Expr} = {CoerceToJoined(f, joined[assigned])};");
                    assigned++;
                }
            }

            for (; assigned < locals.Length; assigned++) _w.Line($"{locals[assigned].Expr} = {Zero(joined[assigned])};");
        });
        flat.AddRange(locals);
    }

    /// <summary>
    /// Branches over the cases of the variant, option or result value <paramref name="v"/>; <paramref name="body"/>
    /// writes each case given its index, payload type and an expression of the payload.
    /// </summary>
    private void EmitCases(TypeId id, string v, Action<int, WitType?, string?> body)
    {
        switch (_layouts.Resolve[id].Kind)
        {
            case OptionKind option:
            {
                string some = Temp("some");
                if (_types.OptionFormOf(option.Type) == OptionForm.Nullable)
                {
                    _w.Open($"if ({v} is {{ }} {some})");
                }
                else
                {
                    _w.Open($"if ({v}.HasValue)");
                    _w.Line($"var {some} = {v}.Value;");
                }

                body(1, option.Type, some);
                _w.Close();
                _w.Open("else");
                body(0, null, null);
                _w.Close();
                return;
            }
            case ResultKind result:
                _w.Open($"if ({v}.IsOk)");
                body(0, result.Ok, result.Ok is null ? null : $"{v}.Value");
                _w.Close();
                _w.Open("else");
                body(1, result.Err, result.Err is null ? null : $"{v}.Error");
                _w.Close();
                return;
            case VariantKind variant:
            {
                string typeName = Names.TypeName(id);
                _w.Open($"switch ({v})");
                for (int i = 0; i < variant.Cases.Count; i++)
                {
                    string caseType = $"{typeName}.{Names.CaseName(id, i)}";
                    string? payload = variant.Cases[i].Type is null ? null : Temp("case");
                    _w.Line(payload is null ? $"case {caseType}:" : $"case {caseType} {payload}:");
                    _w.Open("");
                    // The payload property is `Value_` in a case named `Value` (a member cannot be named like its type).
                    body(i, variant.Cases[i].Type, payload is null ? null : payload + (Names.CaseName(id, i) == "Value" ? ".Value_" : ".Value"));
                    _w.Line("break;");
                    _w.Close();
                }

                _w.Line($"default: throw new global::System.ArgumentNullException(\"{v}\");");
                _w.Close();
                return;
            }
            default:
                throw new ArgumentException("not a variant");
        }
    }

    /// <summary>The spec's coercion of a case's flat value into the joined flat type of its position.</summary>
    private static string CoerceToJoined(FlatValue f, CoreType joined)
    {
        if (f.Type == joined) return f.Expr;
        return (f.Type, joined) switch
        {
            (CoreType.F32, CoreType.I32) => $"{BitConverter}.SingleToInt32Bits({f.Expr})",
            (CoreType.I32, CoreType.I64) => $"(long)unchecked((uint){f.Expr})",
            (CoreType.F32, CoreType.I64) => $"(long)unchecked((uint){BitConverter}.SingleToInt32Bits({f.Expr}))",
            (CoreType.F64, CoreType.I64) => $"{BitConverter}.DoubleToInt64Bits({f.Expr})",
            _ => throw new InvalidOperationException($"no coercion from {f.Type} to {joined}"),
        };
    }

    /// <summary>The reverse of <see cref="CoerceToJoined"/>, when lifting a case's payload.</summary>
    private static string CoerceFromJoined(FlatValue f, CoreType wanted)
    {
        if (f.Type == wanted) return f.Expr;
        return (f.Type, wanted) switch
        {
            (CoreType.I32, CoreType.F32) => $"{BitConverter}.Int32BitsToSingle({f.Expr})",
            (CoreType.I64, CoreType.I32) => $"unchecked((int){f.Expr})",
            (CoreType.I64, CoreType.F32) => $"{BitConverter}.Int32BitsToSingle(unchecked((int){f.Expr}))",
            (CoreType.I64, CoreType.F64) => $"{BitConverter}.Int64BitsToDouble({f.Expr})",
            _ => throw new InvalidOperationException($"no coercion from {f.Type} to {wanted}"),
        };
    }

    /// <summary>Stores a list's elements in memory the guest allocates; returns the pointer and length locals.</summary>
    private (string Ptr, string Len) StoreList(WitType element, string v)
    {
        element = _types.Unalias(element);
        var e = _layouts.Of(element);
        string ptr = Temp("ptr"), len = Temp("len");
        if (_types.IsNumber(element))
        {
            // A number array has the canonical ABI's little-endian layout already: one copy.
            string bytes = Temp("bytes");
            _w.Line($"var {bytes} = {MemoryMarshal}.AsBytes(new global::System.ReadOnlySpan<{_types.Of(element)}>({v}));");
            _w.Line($"int {len} = {v}.Length;");
            _w.Line($"int {ptr} = {Cx}.Allocate({e.Alignment}, {bytes}.Length);");
            _w.Line($"{bytes}.CopyTo({Cx}.GetBytes({ptr}, {bytes}.Length));");
            return (ptr, len);
        }

        _w.Line($"int {len} = {v}.Count;");
        _w.Line($"int {ptr} = {Cx}.Allocate({e.Alignment}, checked({len} * {e.Size}));");
        string i = Temp("i");
        _w.Open($"for (int {i} = 0; {i} < {len}; {i}++)");
        string item = Temp("item"), at = Temp("at");
        _w.Line($"var {item} = {v}[{i}];");
        _w.Line($"int {at} = {ptr} + {i} * {e.Size};");
        Store(element, item, at, 0);
        _w.Close();
        return (ptr, len);
    }

    /// <summary><c>store</c>: writes <paramref name="v"/> at <paramref name="ptr"/> + <paramref name="offset"/>.</summary>
    public void Store(WitType type, string v, string ptr, int offset)
    {
        type = _types.Unalias(type);
        string at = Addr(ptr, offset);
        switch (type.Kind)
        {
            case WitTypeKind.Bool: _w.Line($"{Cx}.Write<byte>({at}, (byte)({v} ? 1 : 0));"); return;
            case WitTypeKind.Char: _w.Line($"{Cx}.Write<int>({at}, {v}.Value);"); return;
            case WitTypeKind.String:
            {
                string p = Temp("ptr"), len = Temp("len");
                _w.Line($"int {p} = {Cx}.StoreString({v}, out int {len});");
                _w.Line($"{Cx}.Write<int>({at}, {p});");
                _w.Line($"{Cx}.Write<int>({Addr(ptr, offset + 4)}, {len});");
                return;
            }
            case WitTypeKind.Id:
                break;
            default:
                _w.Line($"{Cx}.Write<{_types.Of(type)}>({at}, {v});");
                return;
        }

        var id = _types.Definition(type);
        var layout = _layouts.Of(id);
        switch (_layouts.Resolve[id].Kind)
        {
            case RecordKind record:
                for (int i = 0; i < record.Fields.Count; i++)
                    Store(record.Fields[i].Type, $"{v}.{Names.FieldName(id, i)}", ptr, offset + layout.FieldOffsets[i]);
                return;
            case TupleKind tuple:
                for (int i = 0; i < tuple.Types.Count; i++) Store(tuple.Types[i], $"{v}.Item{i + 1}", ptr, offset + layout.FieldOffsets[i]);
                return;
            case EnumKind:
                _w.Line($"{Cx}.Write<{DiscriminantType(layout.DiscriminantSize)}>({at}, ({DiscriminantType(layout.DiscriminantSize)}){v});");
                return;
            case FlagsKind:
            {
                string word = layout.Size switch { 1 => "byte", 2 => "ushort", 4 => "uint", _ => "ulong" };
                _w.Line($"{Cx}.Write<{word}>({at}, unchecked(({word}){v}));");
                return;
            }
            case ListKind list:
            {
                var (p, len) = StoreList(list.Type, v);
                _w.Line($"{Cx}.Write<int>({at}, {p});");
                _w.Line($"{Cx}.Write<int>({Addr(ptr, offset + 4)}, {len});");
                return;
            }
            case FixedLengthListKind fixedList:
            {
                CheckFixedLength(v, fixedList.Size);
                int size = _layouts.Of(fixedList.Type).Size;
                string i = Temp("i"), elementAt = Temp("at");
                _w.Open($"for (int {i} = 0; {i} < {fixedList.Size}; {i}++)");
                _w.Line($"int {elementAt} = {at} + {i} * {size};");
                Store(fixedList.Type, $"{v}[{i}]", elementAt, 0);
                _w.Close();
                return;
            }
            case HandleKind handle:
                _w.Line($"{Cx}.Write<int>({at}, {LowerHandle(id, handle, v)});");
                return;
            case VariantKind:
            case OptionKind:
            case ResultKind:
            {
                string disc = DiscriminantType(layout.DiscriminantSize);
                EmitCases(id, v, (index, payloadType, payload) =>
                {
                    _w.Line($"{Cx}.Write<{disc}>({at}, {index});");
                    if (payloadType is { } pt) Store(pt, payload!, ptr, offset + layout.PayloadOffset);
                });
                return;
            }
            case var kind:
                throw new NotSupportedException($"storing a {kind.KindName} is not supported");
        }
    }

    private static string DiscriminantType(int size) => size switch { 1 => "byte", 2 => "ushort", _ => "int" };

    // ------------------------------------------------------------------ lifting

    /// <summary><c>lift_flat</c>: a C# expression of the value whose flat values are <paramref name="flat"/>, from <paramref name="index"/> on.</summary>
    public string LiftFlat(WitType type, IReadOnlyList<FlatValue> flat, ref int index)
    {
        type = _types.Unalias(type);
        switch (type.Kind)
        {
            case WitTypeKind.Bool: return $"({flat[index++].Expr} != 0)";
            case WitTypeKind.U8: return $"unchecked((byte){flat[index++].Expr})";
            case WitTypeKind.S8: return $"unchecked((sbyte){flat[index++].Expr})";
            case WitTypeKind.U16: return $"unchecked((ushort){flat[index++].Expr})";
            case WitTypeKind.S16: return $"unchecked((short){flat[index++].Expr})";
            case WitTypeKind.U32: return $"unchecked((uint){flat[index++].Expr})";
            case WitTypeKind.U64: return $"unchecked((ulong){flat[index++].Expr})";
            case WitTypeKind.S32:
            case WitTypeKind.S64: return flat[index++].Expr;
            case WitTypeKind.F32: return $"{Scalars}.LiftF32({flat[index++].Expr})";
            case WitTypeKind.F64: return $"{Scalars}.LiftF64({flat[index++].Expr})";
            case WitTypeKind.Char: return $"{Scalars}.LiftChar({flat[index++].Expr})";
            case WitTypeKind.String:
            {
                string s = $"{Cx}.LoadString({flat[index].Expr}, {flat[index + 1].Expr})";
                index += 2;
                return s;
            }
        }

        var id = _types.Definition(type);
        switch (_layouts.Resolve[id].Kind)
        {
            case RecordKind record:
            {
                var args = new string[record.Fields.Count];
                for (int i = 0; i < args.Length; i++) args[i] = LiftFlat(record.Fields[i].Type, flat, ref index);
                return $"new {Names.TypeName(id)}({string.Join(", ", args)})";
            }
            case TupleKind tuple:
            {
                var items = new string[tuple.Types.Count];
                for (int i = 0; i < items.Length; i++) items[i] = LiftFlat(tuple.Types[i], flat, ref index);
                return Tuple(id, items);
            }
            case EnumKind e:
                return $"({Names.TypeName(id)}){Scalars}.LiftDiscriminant({flat[index++].Expr}, {e.Cases.Count})";
            case FlagsKind flags:
                return LiftFlags(id, flags.Flags.Count, flat, ref index);
            case ListKind list:
            {
                string s = LiftList(list.Type, flat[index].Expr, flat[index + 1].Expr);
                index += 2;
                return s;
            }
            case FixedLengthListKind fixedList:
            {
                var items = new string[fixedList.Size];
                for (int i = 0; i < items.Length; i++) items[i] = LiftFlat(fixedList.Type, flat, ref index);
                return $"new {_types.Of(fixedList.Type)}[] {{ {string.Join(", ", items)} }}";
            }
            case HandleKind handle:
                return LiftHandle(id, handle, flat[index++].Expr);
            case VariantKind:
            case OptionKind:
            case ResultKind:
            {
                var joined = _layouts.Of(id).Flat!;
                int start = index;
                index += joined.Length;
                return LiftCases(id, $"{flat[start].Expr}", (payloadType, _) =>
                {
                    var payloadFlat = _layouts.Of(payloadType).Flat!;
                    var coerced = new FlatValue[payloadFlat.Length];
                    for (int i = 0; i < coerced.Length; i++)
                        coerced[i] = new FlatValue(CoerceFromJoined(flat[start + 1 + i], payloadFlat[i]), payloadFlat[i]);
                    int at = 0;
                    return LiftFlat(payloadType, coerced, ref at);
                });
            }
            case var kind:
                throw new NotSupportedException($"lifting a {kind.KindName} is not supported");
        }
    }

    private string Tuple(TypeId id, string[] items) => items.Length == 1
        ? $"new {_types.Of(WitType.FromId(id))}({items[0]})"
        : $"({string.Join(", ", items)})";

    private string LiftFlags(TypeId id, int count, IReadOnlyList<FlatValue> flat, ref int index)
    {
        string type = Names.TypeName(id);
        if (count <= 32) return $"unchecked(({type}){Scalars}.LiftFlags({flat[index++].Expr}, {count}))";
        string low = flat[index++].Expr, high = flat[index++].Expr;
        return $"unchecked(({type})((ulong)(uint){low} | (ulong)(uint){Scalars}.LiftFlags({high}, {count - 32}) << 32))";
    }

    private string LiftHandle(TypeId id, HandleKind handle, string flat)
    {
        string op = handle.IsBorrow ? "LiftBorrow" : "LiftOwn";
        return Names.HandleFromRep(id, $"{Cx}.{op}({Names.ResourceTypeExpression(_layouts.Resolve.Dealias(handle.Resource))}, {flat})");
    }

    /// <summary>
    /// Lifts a variant, option or result with discriminant <paramref name="discriminant"/> into a new local;
    /// <paramref name="payload"/> gives the expression of a case's payload (called inside the case's branch).
    /// </summary>
    private string LiftCases(TypeId id, string discriminant, Func<WitType, int, string> payload)
    {
        string result = Temp("lifted");
        string type = _types.Of(WitType.FromId(id));
        _w.Line($"{type} {result};");
        switch (_layouts.Resolve[id].Kind)
        {
            case OptionKind option:
            {
                bool nullable = _types.OptionFormOf(option.Type) == OptionForm.Nullable;
                _w.Open($"if ({Scalars}.LiftDiscriminant({discriminant}, 2) == 0)");
                _w.Line($"{result} = {(nullable ? "null" : type + ".None")};");
                _w.Close();
                _w.Open("else");
                string value = payload(option.Type, 1);
                _w.Line($"{result} = {(nullable ? value : $"new {type}({value})")};");
                _w.Close();
                return result;
            }
            case ResultKind res:
            {
                _w.Open($"if ({Scalars}.LiftDiscriminant({discriminant}, 2) == 0)");
                string ok = res.Ok is { } okType ? payload(okType, 0) : $"default({Names.UnitStruct})";
                _w.Line($"{result} = {type}.Ok({ok});");
                _w.Close();
                _w.Open("else");
                string err = res.Err is { } errType ? payload(errType, 1) : $"default({Names.UnitStruct})";
                _w.Line($"{result} = {type}.Err({err});");
                _w.Close();
                return result;
            }
            case VariantKind variant:
            {
                // The last case is the default branch: LiftDiscriminant has trapped on anything out of range.
                _w.Open($"switch ({Scalars}.LiftDiscriminant({discriminant}, {variant.Cases.Count}))");
                for (int i = 0; i < variant.Cases.Count; i++)
                {
                    _w.Line(i == variant.Cases.Count - 1 ? "default:" : $"case {i}:");
                    _w.Open("");
                    string value = variant.Cases[i].Type is { } t ? payload(t, i) : "";
                    _w.Line($"{result} = new {type}.{Names.CaseName(id, i)}({value});");
                    _w.Line("break;");
                    _w.Close();
                }

                _w.Close();
                return result;
            }
            default:
                throw new ArgumentException("not a variant");
        }
    }

    /// <summary>
    /// <c>load_list_from_range</c>: a list of <paramref name="element"/> at <paramref name="ptr"/>, checked for
    /// alignment and bounds before anything is allocated.
    /// </summary>
    private string LiftList(WitType element, string ptr, string len)
    {
        element = _types.Unalias(element);
        var e = _layouts.Of(element);
        CheckAligned(ptr, e.Alignment, "list pointer");
        string bytes = Temp("bytes"), array = Temp("list");
        string elementType = _types.Of(element);
        // A length whose byte size overflows an int is out of bounds: -1 makes GetBytes trap.
        string byteLength = e.Size == 1 ? len : $"unchecked((uint){len}) > {int.MaxValue / e.Size}u ? -1 : {len} * {e.Size}";
        if (_types.IsNumber(element))
        {
            _w.Line($"var {bytes} = {Cx}.GetBytes({ptr}, {byteLength});");
            _w.Line($"var {array} = {CSharpTypes.NewArray(elementType, len)};");
            _w.Line($"{bytes}.CopyTo({MemoryMarshal}.AsBytes(new global::System.Span<{elementType}>({array})));");
            if (element.Kind is WitTypeKind.F32 or WitTypeKind.F64)
            {
                string i = Temp("i");
                string lift = element.Kind == WitTypeKind.F32 ? "LiftF32" : "LiftF64";
                _w.Line($"for (int {i} = 0; {i} < {array}.Length; {i}++) {array}[{i}] = {Scalars}.{lift}({array}[{i}]);");
            }

            return array;
        }

        _w.Line($"{Cx}.GetBytes({ptr}, {byteLength});");
        _w.Line($"var {array} = {CSharpTypes.NewArray(elementType, len)};");
        string index = Temp("i"), at = Temp("at");
        _w.Open($"for (int {index} = 0; {index} < {array}.Length; {index}++)");
        _w.Line($"int {at} = {ptr} + {index} * {e.Size};");
        _w.Line($"{array}[{index}] = {Load(element, at, 0)};");
        _w.Close();
        return array;
    }

    /// <summary><c>load</c>: a C# expression of the value at <paramref name="ptr"/> + <paramref name="offset"/>.</summary>
    public string Load(WitType type, string ptr, int offset)
    {
        type = _types.Unalias(type);
        string at = Addr(ptr, offset);
        switch (type.Kind)
        {
            case WitTypeKind.Bool: return $"({Cx}.Read<byte>({at}) != 0)";
            case WitTypeKind.F32: return $"{Scalars}.LiftF32({Cx}.Read<float>({at}))";
            case WitTypeKind.F64: return $"{Scalars}.LiftF64({Cx}.Read<double>({at}))";
            case WitTypeKind.Char: return $"{Scalars}.LiftChar({Cx}.Read<int>({at}))";
            case WitTypeKind.String: return $"{Cx}.LoadString({Cx}.Read<int>({at}), {Cx}.Read<int>({Addr(ptr, offset + 4)}))";
            case WitTypeKind.Id: break;
            default: return $"{Cx}.Read<{_types.Of(type)}>({at})";
        }

        var id = _types.Definition(type);
        var layout = _layouts.Of(id);
        switch (_layouts.Resolve[id].Kind)
        {
            case RecordKind record:
            {
                var args = new string[record.Fields.Count];
                for (int i = 0; i < args.Length; i++) args[i] = Load(record.Fields[i].Type, ptr, offset + layout.FieldOffsets[i]);
                return $"new {Names.TypeName(id)}({string.Join(", ", args)})";
            }
            case TupleKind tuple:
            {
                var items = new string[tuple.Types.Count];
                for (int i = 0; i < items.Length; i++) items[i] = Load(tuple.Types[i], ptr, offset + layout.FieldOffsets[i]);
                return Tuple(id, items);
            }
            case EnumKind e:
                return $"({Names.TypeName(id)}){Scalars}.LiftDiscriminant({Cx}.Read<{DiscriminantType(layout.DiscriminantSize)}>({at}), {e.Cases.Count})";
            case FlagsKind flags:
            {
                // Bits beyond the labels are ignored, as lift_flags does.
                int n = flags.Flags.Count;
                string word = layout.Size switch { 1 => "byte", 2 => "ushort", 4 => "uint", _ => "ulong" };
                string mask = n == 64 ? "ulong.MaxValue" : n >= 32 ? $"0x{(1UL << n) - 1:X}UL" : $"0x{(1U << n) - 1:X}u";
                return $"unchecked(({Names.TypeName(id)})({Cx}.Read<{word}>({at}) & {mask}))";
            }
            case ListKind list:
            {
                string p = Temp("ptr"), len = Temp("len");
                _w.Line($"int {p} = {Cx}.Read<int>({at});");
                _w.Line($"int {len} = {Cx}.Read<int>({Addr(ptr, offset + 4)});");
                return LiftList(list.Type, p, len);
            }
            case FixedLengthListKind fixedList:
            {
                int size = _layouts.Of(fixedList.Type).Size;
                string array = Temp("list"), i = Temp("i"), elementAt = Temp("at");
                _w.Line($"var {array} = {CSharpTypes.NewArray(_types.Of(fixedList.Type), fixedList.Size.ToString())};");
                _w.Open($"for (int {i} = 0; {i} < {fixedList.Size}; {i}++)");
                _w.Line($"int {elementAt} = {at} + {i} * {size};");
                _w.Line($"{array}[{i}] = {Load(fixedList.Type, elementAt, 0)};");
                _w.Close();
                return array;
            }
            case HandleKind handle:
                return LiftHandle(id, handle, $"{Cx}.Read<int>({at})");
            case VariantKind:
            case OptionKind:
            case ResultKind:
            {
                string disc = Temp("disc");
                _w.Line($"int {disc} = {Cx}.Read<{DiscriminantType(layout.DiscriminantSize)}>({at});");
                return LiftCases(id, disc, (payloadType, _) => Load(payloadType, ptr, offset + layout.PayloadOffset));
            }
            case var kind:
                throw new NotSupportedException($"loading a {kind.KindName} is not supported");
        }
    }
}
