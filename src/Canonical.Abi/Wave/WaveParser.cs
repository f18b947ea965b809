using System.Globalization;
using System.Text;
using Wasm.Components.Types;
using Wasm.Components.Values;

namespace Wasm.Components.Wave;

/// <summary>
/// Parses WAVE (the WebAssembly Value Encoding) text into <see cref="WitValue"/>s. WAVE is type-directed: <c>1</c>
/// is a <c>u8</c> or an <c>f64</c> depending on the expected type, <c>{}</c> is empty flags and <c>{:}</c> an
/// empty record, a bare value stands for <c>some(value)</c> of an option or <c>ok(value)</c> of a result (unless
/// the payload is itself an option or result), and record fields of option type may be left out (they are
/// <c>none</c>). Errors are <see cref="WaveFormatException"/>s with the position of the problem.
/// </summary>
public static class WaveParser
{
    /// <summary>Parses one value of the given type.</summary>
    /// <exception cref="WaveFormatException">The text is not WAVE, or not a value of the type.</exception>
    public static WitValue Parse(string text, WitType type)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(type);
        var parser = new WaveSyntaxParser(text);
        var node = parser.ParseValue();
        parser.Finish();
        return new Converter(parser.Lexer).Convert(node, type);
    }

    /// <summary>
    /// Splits a call expression <c>name(arg, ...)</c> into the function name and the text between the outer
    /// parentheses. The name is everything before the first <c>(</c> (for example <c>greet</c>,
    /// <c>ns:pkg/iface.f</c>, <c>test:numbers/test#roundtrip-u8</c>, <c>ns:pkg/iface@1.0.0#f</c>); the arguments
    /// are checked for WAVE syntax but not typed.
    /// </summary>
    /// <exception cref="WaveFormatException">The expression is not a call.</exception>
    public static (string FunctionName, string ArgsText) ParseCall(string expr)
    {
        var (name, open, close) = SplitCall(expr);
        return (name, expr[(open + 1)..close]);
    }

    /// <summary>Parses comma-separated arguments (the text between a call's parentheses) against parameter types.
    /// Trailing parameters of option type may be left out (they are <c>none</c>).</summary>
    /// <exception cref="WaveFormatException">The arguments are not WAVE or do not match the parameters; positions
    /// are in <paramref name="argsText"/>.</exception>
    public static WitValue[] ParseArgs(string argsText, IReadOnlyList<WitType> paramTypes)
    {
        ArgumentNullException.ThrowIfNull(argsText);
        var parser = new WaveSyntaxParser(argsText);
        var nodes = new List<WaveNode>();
        if (parser.Lexer.SkipTrivia(0) < argsText.Length)
        {
            while (true)
            {
                nodes.Add(parser.ParseValue());
                int after = parser.Lexer.SkipTrivia(parser.Position);
                if (after >= argsText.Length) break;
                if (parser.Advance() != WaveToken.Comma) parser.Expect(WaveToken.Comma);
                if (parser.Lexer.SkipTrivia(parser.Position) >= argsText.Length) break;
            }
        }

        return ConvertArgs(parser.Lexer, nodes, paramTypes, 0, argsText.Length);
    }

    /// <summary>Parses the arguments of a whole call expression (<c>name(arg, ...)</c>) against parameter types;
    /// error positions are in <paramref name="expr"/>.</summary>
    /// <exception cref="WaveFormatException">The expression is not a call, or its arguments do not match.</exception>
    public static WitValue[] ParseCallArgs(string expr, IReadOnlyList<WitType> paramTypes)
    {
        var (_, open, _) = SplitCall(expr);
        var parser = new WaveSyntaxParser(expr, open + 1);
        var nodes = parser.ParseSequence(WaveToken.ParenClose);
        return ConvertArgs(parser.Lexer, nodes, paramTypes, open, parser.Position);
    }

    private static (string Name, int Open, int Close) SplitCall(string expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        var lexer = new WaveLexer(expr);
        int nameStart = lexer.SkipTrivia(0);
        int open = expr.IndexOf('(', nameStart);
        if (open < 0) throw lexer.Error(WaveErrorKind.UnexpectedEnd, "expected '(' after the function name", expr.Length, expr.Length);
        string name = expr[nameStart..open].TrimEnd();
        if (name.Length == 0) throw lexer.Error(WaveErrorKind.InvalidToken, "missing function name", nameStart, open + 1);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or ':' or '/' or '.' or '@' or '#' or '%' or '+' or '_' or '[' or ']'))
                throw lexer.Error(WaveErrorKind.InvalidToken, $"'{c}' in function name", nameStart + i, nameStart + i + 1);
        }

        var parser = new WaveSyntaxParser(expr, open + 1);
        parser.ParseSequence(WaveToken.ParenClose);
        int close = parser.Position - 1;
        parser.Finish();
        return (name, open, close);
    }

    private static WitValue[] ConvertArgs(WaveLexer lexer, List<WaveNode> nodes, IReadOnlyList<WitType> types, int start, int end)
    {
        ArgumentNullException.ThrowIfNull(types);
        var converter = new Converter(lexer);
        var values = new WitValue[types.Count];
        for (int i = 0; i < nodes.Count; i++)
        {
            if (i >= types.Count) throw lexer.Error(WaveErrorKind.InvalidParams, "more arguments than parameters", nodes[i].Start, nodes[i].End);
            values[i] = converter.Convert(nodes[i], types[i]);
        }

        for (int i = nodes.Count; i < types.Count; i++)
        {
            if (types[i].Kind != ValueKind.Option)
            {
                string detail = nodes.Count == 0
                    ? $"no arguments given, but {types.Count} required"
                    : $"missing required argument(s): {i} given, {types.Count} expected";
                throw lexer.Error(WaveErrorKind.InvalidParams, detail, Math.Max(start, end - 1), end);
            }

            values[i] = WitValue.None;
        }

        return values;
    }

    /// <summary>Applies a type to syntax nodes.</summary>
    private sealed class Converter(WaveLexer lexer)
    {
        private string Text => lexer.Text;

        public WitValue Convert(WaveNode node, WitType type)
        {
            switch (type.Kind)
            {
                case ValueKind.Bool:
                    return node.Kind switch
                    {
                        WaveNodeKind.True => WitValue.Bool(true),
                        WaveNodeKind.False => WitValue.Bool(false),
                        _ => throw TypeError(node, type),
                    };
                case >= ValueKind.S8 and <= ValueKind.U64:
                    return Integer(node, type);
                case ValueKind.F32 or ValueKind.F64:
                    return Float(node, type);
                case ValueKind.Char:
                    return Char(node, type);
                case ValueKind.String:
                    return WitValue.String(StringValue(node, type));
                case ValueKind.List:
                    return List(node, (ListType)type);
                case ValueKind.Tuple:
                    return Tuple(node, (TupleType)type);
                case ValueKind.Record:
                    return Record(node, (RecordType)type);
                case ValueKind.Variant:
                    return Variant(node, (VariantType)type);
                case ValueKind.Enum:
                    return Enum(node, (EnumType)type);
                case ValueKind.Option:
                    return Option(node, (OptionType)type);
                case ValueKind.Result:
                    return Result(node, (ResultType)type);
                case ValueKind.Flags:
                    return Flags(node, (FlagsType)type);
                default:
                    throw lexer.Error(WaveErrorKind.UnsupportedType, type.ToString(), node.Start, node.End);
            }
        }

        private WaveFormatException TypeError(WaveNode node, WitType type) =>
            lexer.Error(WaveErrorKind.InvalidType, "expected " + type, node.Start, node.End);

        private WaveFormatException Mismatch(WaveNode node, string detail) =>
            lexer.Error(WaveErrorKind.ValueMismatch, detail, node.Start, node.End);

        private string Slice(WaveNode node) => Text[node.Start..node.End];

        private string Label(WaveNode node) => Slice(node).TrimStart('%');

        private WitValue Integer(WaveNode node, WitType type)
        {
            if (node.Kind != WaveNodeKind.Number) throw TypeError(node, type);
            string s = Slice(node);
            bool unsigned = type.Kind is ValueKind.U8 or ValueKind.U16 or ValueKind.U32 or ValueKind.U64;
            var style = unsigned ? NumberStyles.None : NumberStyles.AllowLeadingSign;
            WitValue? value = null;
            if (unsigned && ulong.TryParse(s, style, CultureInfo.InvariantCulture, out ulong u))
            {
                value = type.Kind switch
                {
                    ValueKind.U8 when u <= byte.MaxValue => WitValue.U8((byte)u),
                    ValueKind.U16 when u <= ushort.MaxValue => WitValue.U16((ushort)u),
                    ValueKind.U32 when u <= uint.MaxValue => WitValue.U32((uint)u),
                    ValueKind.U64 => WitValue.U64(u),
                    _ => null,
                };
            }
            else if (!unsigned && long.TryParse(s, style, CultureInfo.InvariantCulture, out long l))
            {
                value = type.Kind switch
                {
                    ValueKind.S8 when l is >= sbyte.MinValue and <= sbyte.MaxValue => WitValue.S8((sbyte)l),
                    ValueKind.S16 when l is >= short.MinValue and <= short.MaxValue => WitValue.S16((short)l),
                    ValueKind.S32 when l is >= int.MinValue and <= int.MaxValue => WitValue.S32((int)l),
                    ValueKind.S64 => WitValue.S64(l),
                    _ => null,
                };
            }

            return value ?? throw lexer.Error(WaveErrorKind.InvalidValue, $"{s} is not a {type}", node.Start, node.End);
        }

        private WitValue Float(WaveNode node, WitType type)
        {
            if (node.Kind != WaveNodeKind.Number) throw TypeError(node, type);
            string s = Slice(node);
            bool single = type.Kind == ValueKind.F32;
            double d = s switch
            {
                "nan" => double.NaN,
                "inf" => double.PositiveInfinity,
                "-inf" => double.NegativeInfinity,
                _ when single => float.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture), // rounds once, to single
                _ => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            return single ? WitValue.F32((float)d) : WitValue.F64(d);
        }

        private WitValue Char(WaveNode node, WitType type)
        {
            if (node.Kind != WaveNodeKind.Char) throw TypeError(node, type);
            int inner = node.Start + 1;
            if (Text[inner] == '\\')
            {
                var (scalar, _) = WaveLexer.Unescape(Text, inner);
                if (scalar < 0) throw lexer.Error(WaveErrorKind.InvalidEscape, null, node.Start, node.End);
                return WitValue.Char(scalar);
            }

            if (char.IsSurrogatePair(Text, inner)) return WitValue.Char(char.ConvertToUtf32(Text, inner));
            if (char.IsSurrogate(Text[inner])) throw lexer.Error(WaveErrorKind.InvalidEscape, "unpaired surrogate", node.Start, node.End);
            return WitValue.Char(Text[inner]);
        }

        private string StringValue(WaveNode node, WitType type)
        {
            var sb = new StringBuilder();
            if (node.Kind == WaveNodeKind.String) lexer.AppendUnescaped(sb, node.Start + 1, node.End - 1);
            else if (node.Kind == WaveNodeKind.MultilineString) AppendMultiline(sb, node.Start + 3, node.End - 3);
            else throw TypeError(node, type);
            return sb.ToString();
        }

        /// <summary>Decodes the content of a <c>"""</c> string: it must start with a line break; the spaces before
        /// the closing <c>"""</c> are the indent every line must carry and loses; the first and last line breaks are
        /// not part of the value; a CR before a line break is dropped.</summary>
        private void AppendMultiline(StringBuilder sb, int start, int end)
        {
            int lastBreak = end > start ? Text.LastIndexOf('\n', end - 1, end - start) : -1;
            int indentStart = lastBreak < 0 ? start : lastBreak + 1;
            if (Text.AsSpan(indentStart, end - indentStart).ContainsAnyExcept(' '))
                throw lexer.Error(WaveErrorKind.InvalidMultilineString, "closing \"\"\" must be on a line preceded only by spaces", end, end + 3);
            int indent = end - indentStart;
            int pos = start;
            if (pos < end && Text[pos] == '\r') pos++;
            if (lastBreak < 0 || Text[pos] != '\n')
                throw lexer.Error(WaveErrorKind.InvalidMultilineString, "opening \"\"\" must be followed immediately by newline", start, start + 1);
            pos++;
            bool first = true;
            while (pos <= lastBreak)
            {
                int nl = Text.IndexOf('\n', pos, lastBreak + 1 - pos);
                if (!first) sb.Append('\n');
                first = false;
                if (nl - pos < indent || Text.AsSpan(pos, indent).ContainsAnyExcept(' '))
                    throw lexer.Error(WaveErrorKind.InvalidMultilineString, "lines must be indented at least as much as closing \"\"\"", pos, pos + 1);
                int lineEnd = nl > pos + indent && Text[nl - 1] == '\r' ? nl - 1 : nl;
                lexer.AppendUnescaped(sb, pos + indent, lineEnd);
                pos = nl + 1;
            }
        }

        private WitValue List(WaveNode node, ListType type)
        {
            if (node.Kind != WaveNodeKind.List) throw TypeError(node, type);
            if (type.FixedLength is { } n && node.Children.Count != n)
                throw Mismatch(node, $"expected {n} elements, found {node.Children.Count}");
            var items = new WitValue[node.Children.Count];
            for (int i = 0; i < items.Length; i++) items[i] = Convert(node.Children[i], type.Element);
            return WitValue.List(items);
        }

        private WitValue Tuple(WaveNode node, TupleType type)
        {
            if (node.Kind != WaveNodeKind.Tuple) throw TypeError(node, type);
            if (node.Children.Count != type.Types.Count)
                throw Mismatch(node, $"expected {type.Types.Count} tuple values, found {node.Children.Count}");
            var items = new WitValue[type.Types.Count];
            for (int i = 0; i < items.Length; i++) items[i] = Convert(node.Children[i], type.Types[i]);
            return WitValue.Tuple(items);
        }

        private WitValue Record(WaveNode node, RecordType type)
        {
            if (node.Kind != WaveNodeKind.Record) throw TypeError(node, type);
            var given = new Dictionary<string, WaveNode>(StringComparer.Ordinal);
            for (int i = 0; i < node.Children.Count; i += 2)
            {
                var label = node.Children[i];
                string name = Label(label);
                if (!type.Fields.Any(f => f.Name == name)) throw Mismatch(label, $"unknown field \"{name}\" (expected {type})");
                given[name] = node.Children[i + 1];
            }

            var fields = new (string, WitValue)[type.Fields.Count];
            for (int i = 0; i < fields.Length; i++)
            {
                var field = type.Fields[i];
                if (given.TryGetValue(field.Name, out var value)) fields[i] = (field.Name, Convert(value, field.Type));
                else if (field.Type.Kind == ValueKind.Option) fields[i] = (field.Name, WitValue.None);
                else throw Mismatch(node, $"missing field \"{field.Name}\"");
            }

            return WitValue.Record(fields);
        }

        private WitValue Variant(WaveNode node, VariantType type)
        {
            WaveNode? payload = node.Kind switch
            {
                WaveNodeKind.Label => null,
                WaveNodeKind.VariantWithPayload => node.Children[1],
                _ => throw TypeError(node, type),
            };
            string name = Label(node.Kind == WaveNodeKind.Label ? node : node.Children[0]);
            for (int i = 0; i < type.Cases.Count; i++)
            {
                if (type.Cases[i].Name != name) continue;
                return WitValue.VariantAt(i, name, Payload(node, name, type.Cases[i].Type, payload));
            }

            throw Mismatch(node, $"unknown case \"{name}\" (expected {type})");
        }

        private WitValue? Payload(WaveNode node, string caseName, WitType? payloadType, WaveNode? payload)
        {
            if (payloadType is not null && payload is not null) return Convert(payload, payloadType);
            if (payloadType is null && payload is null) return null;
            throw Mismatch(node, payloadType is null ? $"unexpected payload for \"{caseName}\" case" : $"missing payload for \"{caseName}\" case");
        }

        private WitValue Enum(WaveNode node, EnumType type)
        {
            if (node.Kind != WaveNodeKind.Label) throw TypeError(node, type);
            string name = Label(node);
            for (int i = 0; i < type.Names.Count; i++)
                if (type.Names[i] == name) return WitValue.EnumAt(i, name);
            throw Mismatch(node, $"unknown case \"{name}\" (expected {type})");
        }

        private static bool Flattenable(WitType? type) => type is not null && type.Kind is not (ValueKind.Option or ValueKind.Result);

        private WitValue Option(WaveNode node, OptionType type) => node.Kind switch
        {
            WaveNodeKind.Some => WitValue.Some(Convert(node.Children[0], type.Inner)),
            WaveNodeKind.None => WitValue.None,
            _ when Flattenable(type.Inner) => WitValue.Some(Convert(node, type.Inner)),
            _ => throw TypeError(node, type),
        };

        private WitValue Result(WaveNode node, ResultType type) => node.Kind switch
        {
            WaveNodeKind.Ok => WitValue.Ok(Payload(node, "ok", type.Ok, node.Children.FirstOrDefault())),
            WaveNodeKind.Err => WitValue.Err(Payload(node, "err", type.Error, node.Children.FirstOrDefault())),
            _ when Flattenable(type.Ok) => WitValue.Ok(Convert(node, type.Ok!)),
            _ => throw TypeError(node, type),
        };

        private WitValue Flags(WaveNode node, FlagsType type)
        {
            if (node.Kind != WaveNodeKind.Flags) throw TypeError(node, type);
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var label in node.Children)
            {
                string name = Label(label);
                if (!type.Names.Contains(name)) throw Mismatch(node, $"unknown flag \"{name}\" (expected {type})");
                set.Add(name);
            }

            return WitValue.Flags(type.Names.Where(set.Contains).ToArray());
        }
    }
}
