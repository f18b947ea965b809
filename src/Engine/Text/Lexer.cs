using System.Text.Unicode;
using System.Text;

namespace Wasm.Text;

/// <summary>
/// Reads WebAssembly text (UTF-8 bytes) into S-expression trees: comments and whitespace are skipped, annotations
/// <c>(@id ...)</c> are dropped, strings are decoded to raw bytes.
/// </summary>
internal sealed class Lexer
{
    private readonly SourceText _src;
    private readonly byte[] _b;
    private int _pos;

    public Lexer(SourceText src)
    {
        _src = src;
        _b = src.Bytes;
    }

    /// <summary>Reads every top-level node of the text.</summary>
    public List<SNode> ReadAll()
    {
        var result = new List<SNode>();
        while (true)
        {
            SkipTrivia();
            if (_pos >= _b.Length) return result;
            if (_b[_pos] == (byte)')') throw _src.Error("unexpected token \")\"", _pos);
            var node = ReadNode();
            if (node is not null) result.Add(node);
        }
    }

    /// <summary>Reads one node at the current position (after trivia); null for a dropped annotation.</summary>
    private SNode? ReadNode()
    {
        int start = _pos;
        byte c = _b[_pos];
        if (c == (byte)'(')
        {
            if (_pos + 1 < _b.Length && _b[_pos + 1] == (byte)'@')
            {
                SkipAnnotation();
                return null;
            }
            // Hostile input can nest arbitrarily deep; stop before the thread's stack runs out.
            if (!System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
                throw _src.Error("nesting too deep", start);
            _pos++;
            var items = new List<SNode>();
            while (true)
            {
                SkipTrivia();
                if (_pos >= _b.Length) throw _src.Error("unexpected end of input, unclosed parenthesis", start);
                if (_b[_pos] == (byte)')')
                {
                    _pos++;
                    return new SNode(NodeKind.List, start, _pos, null, null, items);
                }
                var child = ReadNode();
                if (child is not null) items.Add(child);
            }
        }
        return ReadAtom();
    }

    private SNode ReadAtom()
    {
        int start = _pos;
        byte c = _b[_pos];
        if (c == (byte)'"')
        {
            var bytes = ReadString();
            if (!ContinuesToken()) return new SNode(NodeKind.String, start, _pos, null, bytes, null);
            return ReadReserved(start);
        }
        if (c == (byte)'$' && _pos + 1 < _b.Length && _b[_pos + 1] == (byte)'"')
        {
            _pos++;
            var bytes = ReadString("empty identifier");
            if (ContinuesToken()) return ReadReserved(start);
            if (bytes.Length == 0) throw _src.Error("empty identifier", start);
            var name = DecodeUtf8(bytes, start);
            return new SNode(NodeKind.Id, start, _pos, name, null, null);
        }
        if (IsIdChar(c))
        {
            while (_pos < _b.Length && IsIdChar(_b[_pos])) _pos++;
            if (ContinuesToken()) return ReadReserved(start);
            if (c == (byte)'$')
            {
                if (_pos == start + 1) throw _src.Error("empty identifier", start);
                return new SNode(NodeKind.Id, start, _pos, Encoding.ASCII.GetString(_b, start + 1, _pos - start - 1), null, null);
            }
            string text = Encoding.ASCII.GetString(_b, start, _pos - start);
            var kind = c >= (byte)'a' && c <= (byte)'z' ? NodeKind.Keyword : NodeKind.Reserved;
            return new SNode(kind, start, _pos, text, null, null);
        }
        if (IsReservedPunct(c) && !AtLineComment()) return ReadReserved(start);
        if (c >= 0x80)
        {
            int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            if (start + len > _b.Length || !Utf8.IsValid(_b.AsSpan(start, len))) throw _src.Error("malformed UTF-8 encoding", start);
        }
        throw _src.Error("illegal character", start);
    }

    /// <summary>True when the character at the cursor extends the current token into a reserved token.</summary>
    private bool ContinuesToken() =>
        _pos < _b.Length && (IsIdChar(_b[_pos]) || _b[_pos] == (byte)'"' || (IsReservedPunct(_b[_pos]) && !AtLineComment()));

    private bool AtLineComment() => _b[_pos] == (byte)';' && _pos + 1 < _b.Length && _b[_pos + 1] == (byte)';';

    private static bool IsReservedPunct(byte c) =>
        c is (byte)',' or (byte)';' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}';

    /// <summary>Reads the rest of a reserved token: idchars, strings and <c>, ; [ ] { }</c>.</summary>
    private SNode ReadReserved(int start)
    {
        while (_pos < _b.Length)
        {
            byte c = _b[_pos];
            if (c == (byte)'"') ReadString();
            else if (IsIdChar(c) || (IsReservedPunct(c) && !AtLineComment())) _pos++;
            else break;
        }
        if (start == _pos || (_b[start] == (byte)'$' && _pos == start + 1)) throw _src.Error("empty identifier", start);
        return new SNode(NodeKind.Reserved, start, _pos, Encoding.UTF8.GetString(_b, start, _pos - start), null, null);
    }

    private void SkipAnnotation()
    {
        int start = _pos;
        _pos += 2;
        if (_pos < _b.Length && _b[_pos] == (byte)'"')
        {
            var bytes = ReadString("empty annotation id");
            if (bytes.Length == 0) throw _src.Error("empty annotation id", start);
            DecodeUtf8(bytes, start);
        }
        else
        {
            int idStart = _pos;
            while (_pos < _b.Length && IsIdChar(_b[_pos])) _pos++;
            if (_pos == idStart) throw _src.Error("empty annotation id", start);
        }
        int depth = 1;
        while (true)
        {
            SkipTrivia();
            if (_pos >= _b.Length) throw _src.Error("unclosed annotation", start);
            byte c = _b[_pos];
            if (c == (byte)'(')
            {
                depth++;
                _pos++;
            }
            else if (c == (byte)')')
            {
                _pos++;
                if (--depth == 0) return;
            }
            else ReadAtom();
        }
    }

    private void SkipTrivia()
    {
        while (_pos < _b.Length)
        {
            byte c = _b[_pos];
            if (c == (byte)' ' || c == (byte)'\t' || c == (byte)'\n' || c == (byte)'\r') { _pos++; continue; }
            if (c == (byte)';' && _pos + 1 < _b.Length && _b[_pos + 1] == (byte)';')
            {
                int start = _pos;
                // A line comment ends at a newline: LF, CR or CR LF (the LF is then skipped as whitespace).
                while (_pos < _b.Length && _b[_pos] != (byte)'\n' && _b[_pos] != (byte)'\r') _pos++;
                CheckUtf8(start, _pos);
                continue;
            }
            if (c == (byte)'(' && _pos + 1 < _b.Length && _b[_pos + 1] == (byte)';')
            {
                SkipBlockComment();
                continue;
            }
            return;
        }
    }

    private void SkipBlockComment()
    {
        int start = _pos;
        int depth = 0;
        while (_pos < _b.Length)
        {
            if (_b[_pos] == (byte)'(' && _pos + 1 < _b.Length && _b[_pos + 1] == (byte)';') { depth++; _pos += 2; continue; }
            if (_b[_pos] == (byte)';' && _pos + 1 < _b.Length && _b[_pos + 1] == (byte)')')
            {
                _pos += 2;
                if (--depth == 0)
                {
                    CheckUtf8(start, _pos);
                    return;
                }
                continue;
            }
            _pos++;
        }
        throw _src.Error("unclosed comment", start);
    }

    private void CheckUtf8(int start, int end)
    {
        for (int i = start; i < end; i++)
        {
            if (_b[i] >= 0x80)
            {
                if (!Utf8.IsValid(_b.AsSpan(start, end - start))) throw _src.Error("malformed UTF-8 encoding", start);
                return;
            }
        }
    }

    private string DecodeUtf8(byte[] bytes, int offset)
    {
        if (!Utf8.IsValid(bytes)) throw _src.Error("malformed UTF-8 encoding", offset);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Reads a string literal at <c>_pos</c> (on the opening quote) and returns its bytes.</summary>
    private byte[] ReadString(string? badStringReason = null)
    {
        int start = _pos;
        _pos++;
        var buf = new List<byte>(16);
        while (true)
        {
            if (_pos >= _b.Length) throw _src.Error(badStringReason ?? "unclosed string", start);
            byte c = _b[_pos];
            if (c == (byte)'"') { _pos++; break; }
            if (c == (byte)'\n') throw _src.Error(badStringReason ?? "unclosed string", start);
            if (c < 0x20 || c == 0x7F) throw _src.Error(badStringReason ?? "illegal control character in string", _pos);
            if (c == (byte)'\\')
            {
                if (_pos + 1 >= _b.Length) throw _src.Error("unclosed string", start);
                byte e = _b[_pos + 1];
                _pos += 2;
                switch (e)
                {
                    case (byte)'n': buf.Add(0x0A); break;
                    case (byte)'t': buf.Add(0x09); break;
                    case (byte)'r': buf.Add(0x0D); break;
                    case (byte)'\\': buf.Add((byte)'\\'); break;
                    case (byte)'\'': buf.Add((byte)'\''); break;
                    case (byte)'"': buf.Add((byte)'"'); break;
                    case (byte)'u':
                        ReadUnicodeEscape(buf, _pos - 2);
                        break;
                    default:
                        int h1 = HexValue(e);
                        int h2 = _pos < _b.Length ? HexValue(_b[_pos]) : -1;
                        if (h1 < 0 || h2 < 0) throw _src.Error("illegal escape", _pos - 2);
                        _pos++;
                        buf.Add((byte)(h1 * 16 + h2));
                        break;
                }
                continue;
            }
            if (c >= 0x80)
            {
                // Raw UTF-8 sequence: must be well formed.
                int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
                if (_pos + len > _b.Length || !Utf8.IsValid(_b.AsSpan(_pos, len)))
                    throw _src.Error("malformed UTF-8 encoding", _pos);
                for (int i = 0; i < len; i++) buf.Add(_b[_pos + i]);
                _pos += len;
                continue;
            }
            buf.Add(c);
            _pos++;
        }
        return buf.ToArray();
    }

    private void ReadUnicodeEscape(List<byte> buf, int escStart)
    {
        if (_pos >= _b.Length || _b[_pos] != (byte)'{') throw _src.Error("illegal escape", escStart);
        _pos++;
        long cp = 0;
        int digits = 0;
        while (_pos < _b.Length && _b[_pos] != (byte)'}')
        {
            byte d = _b[_pos];
            if (d == (byte)'_' && digits > 0) { _pos++; continue; }
            int h = HexValue(d);
            if (h < 0) throw _src.Error("illegal escape", escStart);
            cp = cp * 16 + h;
            if (cp > 0x10FFFF) throw _src.Error("illegal escape", escStart);
            digits++;
            _pos++;
        }
        if (_pos >= _b.Length || digits == 0) throw _src.Error("illegal escape", escStart);
        _pos++;
        if (cp >= 0xD800 && cp < 0xE000) throw _src.Error("illegal escape", escStart);
        Span<byte> tmp = stackalloc byte[4];
        new Rune((int)cp).TryEncodeToUtf8(tmp, out int written);
        for (int i = 0; i < written; i++) buf.Add(tmp[i]);
    }

    private static int HexValue(byte c) =>
        c >= (byte)'0' && c <= (byte)'9' ? c - '0'
        : c >= (byte)'a' && c <= (byte)'f' ? c - 'a' + 10
        : c >= (byte)'A' && c <= (byte)'F' ? c - 'A' + 10
        : -1;

    /// <summary>Characters allowed in keywords, identifiers and reserved tokens.</summary>
    public static bool IsIdChar(byte c) =>
        (c >= (byte)'0' && c <= (byte)'9') || (c >= (byte)'a' && c <= (byte)'z') || (c >= (byte)'A' && c <= (byte)'Z')
        || c switch
        {
            (byte)'!' or (byte)'#' or (byte)'$' or (byte)'%' or (byte)'&' or (byte)'\'' or (byte)'*' or (byte)'+'
                or (byte)'-' or (byte)'.' or (byte)'/' or (byte)':' or (byte)'<' or (byte)'=' or (byte)'>' or (byte)'?'
                or (byte)'@' or (byte)'\\' or (byte)'^' or (byte)'_' or (byte)'`' or (byte)'|' or (byte)'~' => true,
            _ => false,
        };
}
