using System.Text;
using System.Text.Unicode;
using Wasm.Components.Values;
using Wasm.Text;

namespace Wasm.Components.Wast;

internal static partial class ComponentWastParser
{
    private sealed partial class Ctx
    {
        /// <summary>Reads an expected result: a value, or <c>(f32.const nan:canonical)</c>-style NaN patterns.</summary>
        private ScriptExpected Expected(SNode n)
        {
            if ((n.IsForm("f32.const") || n.IsForm("f64.const")) && n.Items.Count == 2 && n.Items[1].Kind == NodeKind.Keyword)
            {
                bool f32 = n.Head == "f32.const";
                var nan = n.Items[1].Text switch
                {
                    "nan:canonical" => NanPattern.Canonical,
                    "nan:arithmetic" => NanPattern.Arithmetic,
                    _ => NanPattern.None,
                };
                if (nan != NanPattern.None) return new ScriptExpected(f32 ? WitValue.F32(float.NaN) : WitValue.F64(double.NaN), nan);
            }
            return new ScriptExpected(Value(n));
        }

        /// <summary>Reads a parenthesised component value such as <c>(u32.const 1)</c> or <c>(list.const ...)</c>.</summary>
        private WitValue Value(SNode n)
        {
            if (!n.IsList || n.Head is null) throw Unexpected(n, "a component value");
            var v = ValueAt(n, 0, out int next);
            ExpectEnd(n, next);
            return v;
        }

        /// <summary>
        /// Reads a value whose keyword is <c>list.Items[j]</c> and whose operands follow it in the same list (the
        /// parenthesised form, or the inline form of <c>(field "name" u32.const 1)</c>).
        /// </summary>
        private WitValue ValueAt(SNode list, int j, out int next)
        {
            var kw = Item(list, j, "a component value");
            if (kw.Kind != NodeKind.Keyword) throw Unexpected(kw, "a component value");
            int k = j + 1;
            WitValue result;
            switch (kw.Text)
            {
                case "bool.const":
                {
                    var b = Item(list, k++, "true or false");
                    result = b.IsKeyword("true") ? WitValue.Bool(true) : b.IsKeyword("false") ? WitValue.Bool(false) : throw Unexpected(b, "true or false");
                    break;
                }
                case "u8.const": result = WitValue.U8((byte)Int(Item(list, k++, "an integer"), 8, false)); break;
                case "s8.const": result = WitValue.S8((sbyte)(long)Int(Item(list, k++, "an integer"), 8, true)); break;
                case "u16.const": result = WitValue.U16((ushort)Int(Item(list, k++, "an integer"), 16, false)); break;
                case "s16.const": result = WitValue.S16((short)(long)Int(Item(list, k++, "an integer"), 16, true)); break;
                case "u32.const": result = WitValue.U32((uint)Int(Item(list, k++, "an integer"), 32, false)); break;
                case "s32.const": result = WitValue.S32((int)(long)Int(Item(list, k++, "an integer"), 32, true)); break;
                case "u64.const": result = WitValue.U64(Int(Item(list, k++, "an integer"), 64, false)); break;
                case "s64.const": result = WitValue.S64((long)Int(Item(list, k++, "an integer"), 64, true)); break;
                case "f32.const":
                {
                    var x = Item(list, k++, "a float");
                    if (x.Kind is not (NodeKind.Reserved or NodeKind.Keyword)) throw Unexpected(x, "a float");
                    var st = Literals.ParseF32(x.Text!, out uint bits);
                    if (st != LiteralStatus.Ok) throw st == LiteralStatus.OutOfRange ? Error("f32 constant out of range", x) : Unexpected(x, "a float");
                    result = WitValue.F32(BitConverter.UInt32BitsToSingle(bits));
                    break;
                }
                case "f64.const":
                {
                    var x = Item(list, k++, "a float");
                    if (x.Kind is not (NodeKind.Reserved or NodeKind.Keyword)) throw Unexpected(x, "a float");
                    var st = Literals.ParseF64(x.Text!, out ulong bits);
                    if (st != LiteralStatus.Ok) throw st == LiteralStatus.OutOfRange ? Error("f64 constant out of range", x) : Unexpected(x, "a float");
                    result = WitValue.F64(BitConverter.UInt64BitsToDouble(bits));
                    break;
                }
                case "char.const":
                {
                    var s = Str(Item(list, k++, "a string"));
                    var e = s.EnumerateRunes();
                    if (!e.MoveNext()) throw Error("char.const needs exactly one character", list.Items[k - 1]);
                    int scalar = e.Current.Value;
                    if (e.MoveNext()) throw Error("char.const needs exactly one character", list.Items[k - 1]);
                    result = WitValue.Char(scalar);
                    break;
                }
                case "str.const": result = WitValue.String(Str(Item(list, k++, "a string"))); break;
                case "list.const":
                case "tuple.const":
                {
                    var items = new List<WitValue>();
                    for (; k < list.Items.Count; k++) items.Add(Value(list.Items[k]));
                    result = kw.Text == "list.const" ? WitValue.List(items.ToArray()) : WitValue.Tuple(items.ToArray());
                    break;
                }
                case "record.const":
                {
                    var fields = new List<(string, WitValue)>();
                    for (; k < list.Items.Count; k++)
                    {
                        var f = list.Items[k];
                        if (!f.IsForm("field")) throw Unexpected(f, "(field \"name\" value)");
                        string name = Str(Item(f, 1, "a field name"));
                        var fv = Item(f, 2, "a value");
                        WitValue value;
                        if (fv.IsList)
                        {
                            value = Value(fv);
                            ExpectEnd(f, 3);
                        }
                        else
                        {
                            value = ValueAt(f, 2, out int fnext);
                            ExpectEnd(f, fnext);
                        }
                        fields.Add((name, value));
                    }
                    result = WitValue.Record(fields.ToArray());
                    break;
                }
                case "variant.const":
                {
                    string name = Str(Item(list, k++, "a case name"));
                    WitValue? payload = null;
                    if (k < list.Items.Count && list.Items[k].IsList) payload = Value(list.Items[k++]);
                    result = WitValue.Variant(name, payload);
                    break;
                }
                case "enum.const": result = WitValue.Enum(Str(Item(list, k++, "a case name"))); break;
                case "flags.const":
                {
                    var names = new List<string>();
                    for (; k < list.Items.Count && list.Items[k].Kind == NodeKind.String; k++) names.Add(Str(list.Items[k]));
                    result = WitValue.Flags(names.ToArray());
                    break;
                }
                case "option.none": result = WitValue.None; break;
                case "option.some": result = WitValue.Some(Value(Item(list, k++, "a value"))); break;
                case "result.ok":
                case "result.err":
                {
                    WitValue? payload = null;
                    if (k < list.Items.Count && list.Items[k].IsList) payload = Value(list.Items[k++]);
                    result = kw.Text == "result.ok" ? WitValue.Ok(payload) : WitValue.Err(payload);
                    break;
                }
                default:
                    throw Unexpected(kw, "a component value");
            }
            next = k;
            return result;
        }

        private string Str(SNode n)
        {
            if (n.Kind != NodeKind.String) throw Unexpected(n, "a string");
            if (!Utf8.IsValid(n.Bytes)) throw Error("malformed UTF-8 encoding", n);
            return Encoding.UTF8.GetString(n.Bytes!);
        }

        /// <summary>Reads an integer literal of the given width; signed values are returned sign-extended.</summary>
        private ulong Int(SNode x, int bits, bool signed)
        {
            if (x.Kind is not (NodeKind.Reserved or NodeKind.Keyword)) throw Unexpected(x, "an integer");
            string s = x.Text!;
            bool neg = s.Length > 0 && s[0] == '-';
            var digits = s.Length > 0 && (s[0] == '-' || s[0] == '+') ? s[1..] : s;
            if (digits.Length == 0 || digits[0] < '0' || digits[0] > '9') throw Unexpected(x, "an integer");
            var st = Literals.ParseNat(digits, out ulong mag);
            if (st == LiteralStatus.Invalid) throw Unexpected(x, "an integer");
            var range = Error($"{(signed ? "s" : "u")}{bits} constant out of range", x);
            if (st == LiteralStatus.OutOfRange) throw range;
            if (!signed)
            {
                if (neg && mag != 0) throw range;
                if (bits < 64 && mag > (1UL << bits) - 1) throw range;
                return mag;
            }
            ulong limit = 1UL << (bits - 1);
            if (neg)
            {
                if (mag > limit) throw range;
                return unchecked(0 - mag);
            }
            if (mag >= limit) throw range;
            return mag;
        }
    }
}
