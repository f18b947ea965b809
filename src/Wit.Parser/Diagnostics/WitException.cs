using System;
using System.Collections.Generic;
using System.Text;

namespace Wit.Diagnostics;

/// <summary>
/// The single error type for invalid WIT input: lexing, parsing and resolution failures all
/// surface as this exception with a message, an optional location and a rendered snippet.
/// </summary>
public sealed class WitException : Exception
{
    private readonly List<string> _context = new();
    private SourceMap? _sourceMap;
    private readonly TextSpan? _secondSpan;

    /// <summary>Creates an error at a span; the span is resolved once a source map is attached.</summary>
    public WitException(string message, TextSpan span)
        : base(message)
    {
        Span = span;
    }

    /// <summary>Creates an error without a location.</summary>
    public WitException(string message)
        : this(message, TextSpan.Unknown)
    {
    }

    internal WitException(string message, TextSpan span, TextSpan secondSpan)
        : this(message, span)
    {
        _secondSpan = secondSpan;
    }

    /// <summary>The global span of the error, <see cref="TextSpan.Unknown"/> when it has none.</summary>
    public TextSpan Span { get; }

    /// <summary>Whether the text failed to lex or parse (as opposed to failing name resolution or linking).</summary>
    public bool IsSyntaxError { get; internal set; }

    /// <summary>File, line and column of the error, when known.</summary>
    public SourceLocation? Location => _sourceMap?.Locate(Span);

    /// <summary>Outer descriptions (e.g. which directory was being read), outermost first.</summary>
    public IReadOnlyList<string> Context => _context;

    /// <summary>Renders the context, message, <c>--&gt; file:line:col</c> and a source snippet with a caret.</summary>
    public string Render()
    {
        var sb = new StringBuilder();
        foreach (var context in _context)
        {
            sb.Append(context).Append(": ");
        }

        if (_secondSpan is { } second && _sourceMap is not null)
        {
            // Two locations (e.g. duplicate packages) are listed rather than drawn.
            sb.Append(Message).Append(':');
            sb.Append("\n  * ").Append(_sourceMap.Locate(Span)?.ToString() ?? "<unknown>");
            sb.Append("\n  * ").Append(_sourceMap.Locate(second)?.ToString() ?? "<unknown>");
            return sb.ToString();
        }

        sb.Append(_sourceMap is null ? Message : _sourceMap.Render(Span, Message));
        return sb.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => Render();

    internal WitException WithSourceMap(SourceMap map)
    {
        _sourceMap ??= map;
        return this;
    }

    internal WitException WithContext(string context)
    {
        _context.Insert(0, context);
        return this;
    }
}
