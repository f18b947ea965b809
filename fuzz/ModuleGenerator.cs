using System.Globalization;
using System.Text;

namespace Wasm.Fuzz;

/// <summary>
/// Generates valid modules that do real work when called: typed random expressions over locals, globals and one
/// memory, with loops (some never end), branches, calls between the functions (recursion included), memory growth
/// and the trapping instructions (division, conversions, out-of-bounds accesses, <c>unreachable</c>). Written as
/// text and encoded by the engine's text format, so the compiler and runtime, not the decoder, get the exercise.
/// </summary>
public sealed class ModuleGenerator(Random random)
{
    private static readonly string[] Types = ["i32", "i64", "f32", "f64"];
    private readonly StringBuilder _out = new();
    private (string[] Params, string Result)[] _funcs = [];
    private string[] _locals = [];
    private int _loopDepth;

    private int Below(int n) => random.Next(n);
    private string AnyType() => Types[Below(Types.Length)];

    /// <summary>The text of a new module; its functions are exported as <c>f0</c>, <c>f1</c>, ….</summary>
    public string Generate()
    {
        _out.Clear();
        var count = 1 + Below(5);
        _funcs = new (string[], string)[count];
        for (var i = 0; i < count; i++)
        {
            var ps = new string[Below(4)];
            for (var p = 0; p < ps.Length; p++) ps[p] = AnyType();
            _funcs[i] = (ps, AnyType());
        }
        _out.Append("(module\n  (memory 1 ").Append(1 + Below(4)).Append(")\n");
        _out.Append("  (global $g32 (mut i32) (i32.const 0))\n  (global $g64 (mut i64) (i64.const 0))\n");
        _out.Append("  (table 4 funcref)\n  (elem (i32.const 0) func");
        for (var i = 0; i < Math.Min(count, 4); i++) _out.Append(" $f").Append(i);
        _out.Append(")\n");
        for (var i = 0; i < count; i++) Function(i);
        _out.Append(')');
        return _out.ToString();
    }

    private void Function(int index)
    {
        var (ps, result) = _funcs[index];
        var extra = Below(4);
        _locals = new string[ps.Length + extra];
        ps.CopyTo(_locals, 0);
        for (var i = ps.Length; i < _locals.Length; i++) _locals[i] = AnyType();
        _out.Append("  (func $f").Append(index).Append(" (export \"f").Append(index).Append("\")");
        foreach (var p in ps) _out.Append(" (param ").Append(p).Append(')');
        _out.Append(" (result ").Append(result).Append(')');
        for (var i = ps.Length; i < _locals.Length; i++) _out.Append(" (local ").Append(_locals[i]).Append(')');
        _out.Append('\n');
        _loopDepth = 0;
        var statements = Below(4);
        for (var i = 0; i < statements; i++)
        {
            _out.Append("    ");
            Statement(3);
            _out.Append('\n');
        }
        _out.Append("    ");
        Expr(result, 4);
        _out.Append(")\n");
    }

    private void Statement(int depth)
    {
        switch (Below(6))
        {
            case 0 when _locals.Length > 0:
            {
                var l = Below(_locals.Length);
                _out.Append("(local.set ").Append(l).Append(' ');
                Expr(_locals[l], depth);
                _out.Append(')');
                break;
            }
            case 1:
                _out.Append("(global.set $g32 ");
                Expr("i32", depth);
                _out.Append(')');
                break;
            case 2:
            {
                var t = AnyType();
                _out.Append('(').Append(t).Append(".store ");
                Address(depth);
                _out.Append(' ');
                Expr(t, depth);
                _out.Append(')');
                break;
            }
            case 3:
                _out.Append("(drop ");
                Expr(AnyType(), depth);
                _out.Append(')');
                break;
            case 4:
                _out.Append("(drop (memory.grow ");
                Expr("i32", depth);
                _out.Append("))");
                break;
            default:
                // A counted loop: local-free, the counter is a global.
                _out.Append("(block $b (loop $l (br_if $b (i32.ge_u (global.get $g32) (i32.const ").Append(Below(200))
                    .Append("))) (global.set $g32 (i32.add (global.get $g32) (i32.const 1))) ");
                _loopDepth++;
                Statement(depth - 1);
                _loopDepth--;
                _out.Append(" (br $l)))");
                break;
        }
    }

    private void Address(int depth)
    {
        if (Below(4) == 0)
        {
            _out.Append("(i32.const ").Append(random.Next(3) == 0 ? random.Next() : Below(70000)).Append(')');
            return;
        }
        _out.Append("(i32.and ");
        Expr("i32", depth - 1);
        _out.Append(" (i32.const 0xffff))");
    }

    private void Expr(string type, int depth)
    {
        if (depth <= 0)
        {
            Leaf(type);
            return;
        }
        switch (Below(12))
        {
            case 0 or 1:
                Leaf(type);
                break;
            case 2 or 3:
            {
                var op = type[0] == 'i'
                    ? new[] { "add", "sub", "mul", "div_s", "div_u", "rem_s", "rem_u", "and", "or", "xor", "shl", "shr_s", "rotl" }[Below(13)]
                    : new[] { "add", "sub", "mul", "div", "min", "max", "copysign" }[Below(7)];
                _out.Append('(').Append(type).Append('.').Append(op).Append(' ');
                Expr(type, depth - 1);
                _out.Append(' ');
                Expr(type, depth - 1);
                _out.Append(')');
                break;
            }
            case 4:
                Convert(type, depth);
                break;
            case 5:
                _out.Append('(').Append(type).Append(".load ");
                Address(depth);
                _out.Append(')');
                break;
            case 6:
                _out.Append("(if (result ").Append(type).Append(") ");
                Expr("i32", depth - 1);
                _out.Append(" (then ");
                Expr(type, depth - 1);
                _out.Append(") (else ");
                Expr(type, depth - 1);
                _out.Append("))");
                break;
            case 7:
            {
                // A call; the callee may be this function or an earlier caller, so recursion happens.
                var f = Below(_funcs.Length);
                var (ps, result) = _funcs[f];
                if (result != type)
                {
                    Leaf(type);
                    break;
                }
                // Through the table now and then: the slot may hold another type, or nothing.
                var indirect = Below(3) == 0;
                if (indirect)
                {
                    _out.Append("(call_indirect");
                    foreach (var p in ps) _out.Append(" (param ").Append(p).Append(')');
                    _out.Append(" (result ").Append(result).Append(')');
                }
                else _out.Append("(call $f").Append(f);
                foreach (var p in ps)
                {
                    _out.Append(' ');
                    Expr(p, depth - 2);
                }
                if (indirect) _out.Append(" (i32.const ").Append(Below(5)).Append(')');
                _out.Append(')');
                break;
            }
            case 8:
                // A loop that may never end: fuel stops it.
                _out.Append("(loop $l").Append(depth).Append(" (result ").Append(type).Append(") (br_if $l").Append(depth).Append(' ');
                Expr("i32", depth - 1);
                _out.Append(") ");
                Expr(type, depth - 1);
                _out.Append(')');
                break;
            case 9:
                _out.Append("(select ");
                Expr(type, depth - 1);
                _out.Append(' ');
                Expr(type, depth - 1);
                _out.Append(' ');
                Expr("i32", depth - 1);
                _out.Append(')');
                break;
            case 10 when type == "i32":
                _out.Append(Below(2) == 0 ? "(memory.size)" : "(global.get $g32)");
                break;
            case 11 when Below(20) == 0:
                _out.Append("(unreachable)");
                break;
            default:
                Leaf(type);
                break;
        }
    }

    private void Convert(string type, int depth)
    {
        switch (type)
        {
            case "i32":
                var (op, operand) = Below(3) switch { 0 => ("i32.wrap_i64", "i64"), 1 => ("i32.trunc_f64_s", "f64"), _ => ("i32.eqz", "i32") };
                _out.Append('(').Append(op).Append(' ');
                Expr(operand, depth - 1);
                break;
            case "i64":
                _out.Append("(i64.extend_i32_s ");
                Expr("i32", depth - 1);
                break;
            case "f32":
                _out.Append("(f32.demote_f64 ");
                Expr("f64", depth - 1);
                break;
            default:
                _out.Append("(f64.convert_i64_u ");
                Expr("i64", depth - 1);
                break;
        }
        _out.Append(')');
    }

    private void Leaf(string type)
    {
        var candidates = 0;
        foreach (var l in _locals) if (l == type) candidates++;
        if (candidates > 0 && Below(2) == 0)
        {
            var pick = Below(candidates);
            for (var i = 0; i < _locals.Length; i++)
            {
                if (_locals[i] != type || pick-- != 0) continue;
                _out.Append("(local.get ").Append(i).Append(')');
                return;
            }
        }
        _out.Append('(').Append(type).Append(".const ").Append(type switch
        {
            "i32" => (random.Next(4) == 0 ? random.Next(int.MinValue, int.MaxValue) : random.Next(-4, 64)).ToString(CultureInfo.InvariantCulture),
            "i64" => (random.Next(4) == 0 ? random.NextInt64(long.MinValue, long.MaxValue) : random.Next(-4, 64)).ToString(CultureInfo.InvariantCulture),
            _ => random.Next(6) switch { 0 => "nan", 1 => "-inf", 2 => "-0", 3 => "0x1p+70", _ => (random.NextDouble() * 100 - 50).ToString("R", CultureInfo.InvariantCulture) },
        }).Append(')');
    }
}
