using System.Text;
using Wasm.Text;

namespace Wasm.Wast;

/// <summary>Parses WAST scripts (the spec test format) into <see cref="WastScript"/>.</summary>
internal static class WastParser
{
    private static readonly HashSet<string> ModuleFields = new(StringComparer.Ordinal)
    {
        "type", "import", "func", "table", "memory", "global", "export", "start", "elem", "data", "tag", "rec",
    };

    /// <summary>Parses a script.</summary>
    /// <exception cref="TextFormatException">The script is malformed at the top level.</exception>
    public static WastScript Parse(string text, string fileName) => Parse(Encoding.UTF8.GetBytes(text), fileName);

    /// <summary>Parses a script given as UTF-8 bytes.</summary>
    public static WastScript Parse(byte[] utf8, string fileName)
    {
        var src = new SourceText(utf8, fileName) { Wasm1Limits = Wasm1Baseline.Applies(fileName) };
        var nodes = new Lexer(src).ReadAll();
        var ctx = new Ctx(src, fileName);
        var commands = new List<WastCommand>(nodes.Count);
        if (nodes.Count > 0 && nodes[0].Head is { } h && ModuleFields.Contains(h))
        {
            // A script that is just the fields of one module.
            commands.Add(new ModuleCommand(1, ctx.TextModule(null, false, 1, nodes, 0)));
            return new WastScript(fileName, commands);
        }
        foreach (var n in nodes) commands.Add(ctx.Command(n));
        return new WastScript(fileName, commands);
    }

    private sealed class Ctx
    {
        private readonly SourceText _src;
        private readonly string _file;

        public Ctx(SourceText src, string file)
        {
            _src = src;
            _file = file;
        }

        private int Line(SNode n) => _src.Position(n.Offset).Line;

        private TextFormatException Error(string reason, SNode at) => _src.Error(reason, at.Offset);

        private TextFormatException Unexpected(SNode at, string expected) => _src.Unexpected(at, expected);

        private SNode Item(SNode list, int j, string expected) => _src.Item(list, j, expected);

        private void ExpectEnd(SNode list, int j) => _src.ExpectEnd(list, j);

        public WastCommand Command(SNode n)
        {
            if (!n.IsList || n.Items.Count == 0 || n.Items[0].Kind != NodeKind.Keyword) throw Unexpected(n, "a command");
            int line = Line(n);
            switch (n.Head)
            {
                case "module":
                    if (n.Items.Count > 1 && n.Items[1].IsKeyword("instance"))
                    {
                        int j = 2;
                        string? inst = j < n.Items.Count && n.Items[j].Kind == NodeKind.Id ? n.Items[j++].Text : null;
                        string? def = j < n.Items.Count && n.Items[j].Kind == NodeKind.Id ? n.Items[j++].Text : null;
                        ExpectEnd(n, j);
                        return new ModuleInstanceCommand(line, inst, def);
                    }
                    return new ModuleCommand(line, Module(n));
                case "component":
                    return new UnsupportedCommand(line, "component-model", "component");
                case "register":
                {
                    var name = Item(n, 1, "a string");
                    if (name.Kind != NodeKind.String) throw Unexpected(name, "a string");
                    string? id = n.Items.Count > 2 && n.Items[2].Kind == NodeKind.Id ? n.Items[2].Text : null;
                    ExpectEnd(n, id is null ? 2 : 3);
                    return new RegisterCommand(line, Encoding.UTF8.GetString(name.Bytes!), id);
                }
                case "invoke":
                case "get":
                    return new ActionCommand(line, Action(n));
                case "assert_return":
                {
                    var action = Action(Item(n, 1, "an action"));
                    var results = new List<WastExpected>();
                    for (int j = 2; j < n.Items.Count; j++) results.Add(Expected(n.Items[j]));
                    return new AssertReturnCommand(line, action, results);
                }
                case "assert_trap":
                {
                    var target = Item(n, 1, "an action or module");
                    string msg = Message(n, 2);
                    ExpectEnd(n, 3);
                    if (target.IsForm("module")) return new AssertTrapCommand(line, null, Module(target), msg);
                    return new AssertTrapCommand(line, Action(target), null, msg);
                }
                case "assert_exhaustion":
                {
                    var action = Action(Item(n, 1, "an action"));
                    string msg = Message(n, 2);
                    ExpectEnd(n, 3);
                    return new AssertExhaustionCommand(line, action, msg);
                }
                case "assert_exception":
                {
                    var action = Action(Item(n, 1, "an action"));
                    ExpectEnd(n, 2);
                    return new AssertExceptionCommand(line, action);
                }
                case "assert_suspension":
                {
                    var action = Action(Item(n, 1, "an action"));
                    string msg = Message(n, 2);
                    ExpectEnd(n, 3);
                    return new AssertSuspensionCommand(line, action, msg);
                }
                case "assert_invalid": return ModuleAssertion(n, line, ModuleAssertionKind.Invalid);
                case "assert_malformed": return ModuleAssertion(n, line, ModuleAssertionKind.Malformed);
                case "assert_unlinkable": return ModuleAssertion(n, line, ModuleAssertionKind.Unlinkable);
                case "assert_uninstantiable": return ModuleAssertion(n, line, ModuleAssertionKind.Uninstantiable);
                case "assert_invalid_custom":
                case "assert_malformed_custom":
                    return new UnsupportedCommand(line, "annotations", n.Head!);
                case "thread":
                case "wait":
                    return new UnsupportedCommand(line, "threads", n.Head!);
                case "either":
                    return new UnsupportedCommand(line, "threads", "either");
                case "input":
                case "output":
                case "script":
                    return new UnsupportedCommand(line, "script", n.Head!);
                default:
                    throw Unexpected(n.Items[0], "a command");
            }
        }

        private AssertModuleCommand ModuleAssertion(SNode n, int line, ModuleAssertionKind kind)
        {
            var m = Item(n, 1, "a module");
            if (m.IsForm("component"))
            {
                // Component modules are not modelled yet; keep the assertion with an unencodable module.
                var err = new UnsupportedFeatureException("component-model", m.Offset);
                var module = new WastModule(WastModuleForm.Text, null, false, Line(m), null, err, null, _file);
                return new AssertModuleCommand(line, kind, module, Message(n, 2));
            }
            if (!m.IsForm("module")) throw Unexpected(m, "a module");
            string msg = Message(n, 2);
            ExpectEnd(n, 3);
            return new AssertModuleCommand(line, kind, Module(m), msg);
        }

        private string Message(SNode n, int j)
        {
            var s = Item(n, j, "a message string");
            if (s.Kind != NodeKind.String) throw Unexpected(s, "a message string");
            return Encoding.UTF8.GetString(s.Bytes!);
        }

        /// <summary>Reads <c>(module $id? ...)</c> in any of its forms.</summary>
        public WastModule Module(SNode n)
        {
            int line = Line(n);
            int j = 1;
            bool definition = false;
            if (j < n.Items.Count && n.Items[j].IsKeyword("definition"))
            {
                definition = true;
                j++;
            }
            string? id = j < n.Items.Count && n.Items[j].Kind == NodeKind.Id ? n.Items[j++].Text : null;
            if (j < n.Items.Count && n.Items[j].IsKeyword("binary"))
            {
                var bytes = Wat.ConcatStrings(_src, n, j + 1);
                return new WastModule(WastModuleForm.Binary, id, definition, line, bytes, null, null, _file);
            }
            if (j < n.Items.Count && n.Items[j].IsKeyword("quote"))
            {
                var text = Wat.ConcatStrings(_src, n, j + 1);
                return new WastModule(WastModuleForm.Quote, id, definition, line, null, null, text, _file);
            }
            return TextModule(id, definition, line, n.Items, j);
        }

        public WastModule TextModule(string? id, bool definition, int line, List<SNode> fields, int start)
        {
            try
            {
                var bytes = Wat.EncodeFields(_src, fields, start);
                return new WastModule(WastModuleForm.Text, id, definition, line, bytes, null, null, _file);
            }
            catch (WasmException e)
            {
                return new WastModule(WastModuleForm.Text, id, definition, line, null, e, null, _file);
            }
        }

        private WastAction Action(SNode n)
        {
            var kind = n.Head switch
            {
                "invoke" => WastActionKind.Invoke,
                "get" => WastActionKind.Get,
                _ => throw Unexpected(n, "an action"),
            };
            int j = 1;
            string? module = j < n.Items.Count && n.Items[j].Kind == NodeKind.Id ? n.Items[j++].Text : null;
            var name = Item(n, j++, "a name");
            if (name.Kind != NodeKind.String) throw Unexpected(name, "a name");
            var args = new List<WastValue>();
            if (kind == WastActionKind.Invoke)
                for (; j < n.Items.Count; j++) args.Add(Value(n.Items[j]));
            else ExpectEnd(n, j);
            return new WastAction(kind, module, Encoding.UTF8.GetString(name.Bytes!), args, Line(n));
        }

        /// <summary>Reads an argument value.</summary>
        private WastValue Value(SNode n)
        {
            if (!n.IsList || n.Head is null) throw Unexpected(n, "a value");
            switch (n.Head)
            {
                case "i32.const": return new(WastValueKind.I32, Int(n, 32));
                case "i64.const": return new(WastValueKind.I64, Int(n, 64));
                case "f32.const": return new(WastValueKind.F32, Float(n, 32));
                case "f64.const": return new(WastValueKind.F64, Float(n, 64));
                case "v128.const": return new(WastValueKind.V128, 0, V128(n));
                case "ref.null":
                {
                    var ht = Item(n, 1, "a heap type");
                    ExpectEnd(n, 2);
                    return new(WastValueKind.RefNull, 0, null, ht.Kind == NodeKind.Id ? "$" + ht.Text : ht.Text);
                }
                case "ref.extern": return new(WastValueKind.RefExtern, Nat(n));
                case "ref.host": return new(WastValueKind.RefHost, Nat(n));
                case "ref.func":
                    return new(WastValueKind.RefFunc, 0, null, n.Items.Count > 1 ? n.Items[1].Describe() : null);
                default: throw Unexpected(n.Items[0], "a value");
            }
        }

        private ulong Nat(SNode n)
        {
            var x = Item(n, 1, "a number");
            ExpectEnd(n, 2);
            if (x.Kind != NodeKind.Reserved || Literals.ParseNat(x.Text, out var v) != LiteralStatus.Ok) throw Unexpected(x, "a number");
            return v;
        }

        private ulong Int(SNode n, int bits)
        {
            var x = Item(n, 1, "a literal");
            ExpectEnd(n, 2);
            return IntLiteral(x, bits);
        }

        private ulong IntLiteral(SNode x, int bits)
        {
            if (x.Kind is not (NodeKind.Reserved or NodeKind.Keyword)) throw Unexpected(x, "an integer");
            var st = Literals.ParseInt(x.Text!, bits, out var v);
            if (st == LiteralStatus.OutOfRange) throw Error($"i{bits} constant out of range", x);
            if (st != LiteralStatus.Ok) throw Unexpected(x, "an integer");
            return v;
        }

        private ulong Float(SNode n, int bits)
        {
            var x = Item(n, 1, "a literal");
            ExpectEnd(n, 2);
            return FloatLiteral(x, bits);
        }

        private ulong FloatLiteral(SNode x, int bits)
        {
            if (x.Kind is not (NodeKind.Reserved or NodeKind.Keyword)) throw Unexpected(x, "a float");
            LiteralStatus st;
            ulong v;
            if (bits == 32)
            {
                st = Literals.ParseF32(x.Text!, out var b);
                v = b;
            }
            else st = Literals.ParseF64(x.Text!, out v);
            if (st == LiteralStatus.OutOfRange) throw Error($"f{bits} constant out of range", x);
            if (st != LiteralStatus.Ok) throw Unexpected(x, "a float");
            return v;
        }

        private static (int Lanes, int Bits, bool Float) Shape(string? s) => s switch
        {
            "i8x16" => (16, 8, false),
            "i16x8" => (8, 16, false),
            "i32x4" => (4, 32, false),
            "i64x2" => (2, 64, false),
            "f32x4" => (4, 32, true),
            "f64x2" => (2, 64, true),
            _ => (0, 0, false),
        };

        private byte[] V128(SNode n)
        {
            var shapeNode = Item(n, 1, "a vector shape");
            var (lanes, bits, isFloat) = Shape(shapeNode.Text);
            if (lanes == 0) throw Unexpected(shapeNode, "a vector shape");
            if (n.Items.Count - 2 != lanes) throw Error("wrong number of lane literals", n);
            var bytes = new byte[16];
            for (int k = 0; k < lanes; k++)
            {
                var x = n.Items[2 + k];
                ulong v = isFloat ? FloatLiteral(x, bits) : IntLiteral(x, bits);
                for (int b = 0; b < bits / 8; b++) bytes[k * (bits / 8) + b] = (byte)(v >> (8 * b));
            }
            return bytes;
        }

        /// <summary>Reads an expected result.</summary>
        private WastExpected Expected(SNode n)
        {
            if (!n.IsList || n.Head is null) throw Unexpected(n, "a result");
            switch (n.Head)
            {
                case "f32.const":
                case "f64.const":
                {
                    var x = Item(n, 1, "a literal");
                    ExpectEnd(n, 2);
                    string type = n.Head[..3];
                    if (x.IsKeyword("nan:canonical")) return new(WastExpectedKind.NanCanonical, Type: type);
                    if (x.IsKeyword("nan:arithmetic")) return new(WastExpectedKind.NanArithmetic, Type: type);
                    return new(WastExpectedKind.Value, Value(n));
                }
                case "v128.const":
                {
                    var shapeNode = Item(n, 1, "a vector shape");
                    var (lanes, bits, isFloat) = Shape(shapeNode.Text);
                    if (lanes == 0) throw Unexpected(shapeNode, "a vector shape");
                    if (!isFloat) return new(WastExpectedKind.Value, Value(n));
                    if (n.Items.Count - 2 != lanes) throw Error("wrong number of lane literals", n);
                    var list = new List<WastExpected>(lanes);
                    string type = bits == 32 ? "f32" : "f64";
                    var kind = bits == 32 ? WastValueKind.F32 : WastValueKind.F64;
                    for (int k = 0; k < lanes; k++)
                    {
                        var x = n.Items[2 + k];
                        if (x.IsKeyword("nan:canonical")) list.Add(new(WastExpectedKind.NanCanonical, Type: type));
                        else if (x.IsKeyword("nan:arithmetic")) list.Add(new(WastExpectedKind.NanArithmetic, Type: type));
                        else list.Add(new(WastExpectedKind.Value, new WastValue(kind, FloatLiteral(x, bits))));
                    }
                    return new(WastExpectedKind.V128Lanes, Type: shapeNode.Text, Lanes: list);
                }
                case "either":
                {
                    var alts = new List<WastExpected>();
                    for (int j = 1; j < n.Items.Count; j++) alts.Add(Expected(n.Items[j]));
                    return new(WastExpectedKind.Either, Alternatives: alts);
                }
                case "ref.extern":
                case "ref.host":
                    if (n.Items.Count == 1) return new(WastExpectedKind.AnyRef, Type: n.Head);
                    return new(WastExpectedKind.Value, Value(n));
                case "ref.func":
                    if (n.Items.Count == 1) return new(WastExpectedKind.AnyRef, Type: n.Head);
                    return new(WastExpectedKind.Value, Value(n));
                case "ref.null":
                    if (n.Items.Count == 1) return new(WastExpectedKind.AnyRef, Type: n.Head);
                    return new(WastExpectedKind.Value, Value(n));
                case "i32.const":
                case "i64.const":
                    return new(WastExpectedKind.Value, Value(n));
                default:
                    if (n.Head.StartsWith("ref.", StringComparison.Ordinal))
                        return new(WastExpectedKind.AnyRef, Type: n.Head);
                    throw Unexpected(n.Items[0], "a result");
            }
        }
    }
}
