using System.Collections.Generic;
using Wit.Diagnostics;

namespace Wit.Model;

/// <summary>How a function is declared.</summary>
public enum FunctionKindTag
{
    /// <summary>A plain function.</summary>
    Freestanding,
    /// <summary>An `async` plain function.</summary>
    AsyncFreestanding,
    /// <summary>A resource method (first parameter is `self: borrow&lt;R&gt;`).</summary>
    Method,
    /// <summary>An `async` resource method.</summary>
    AsyncMethod,
    /// <summary>A `static` resource function.</summary>
    Static,
    /// <summary>An `async static` resource function.</summary>
    AsyncStatic,
    /// <summary>A resource constructor.</summary>
    Constructor,
}

/// <summary>A function parameter.</summary>
public sealed class Param
{
    internal Param(string name, WitType type, TextSpan span)
    {
        Name = name;
        Type = type;
        Span = span;
    }

    /// <summary>The parameter name.</summary>
    public string Name { get; }

    /// <summary>The parameter type.</summary>
    public WitType Type { get; internal set; }

    /// <summary>Where the parameter is declared.</summary>
    public TextSpan Span { get; }
}

/// <summary>A function of an interface or world, including resource methods.</summary>
public sealed class Function
{
    internal Function(string name, FunctionKindTag kind, TypeId? resource, List<Param> @params, WitType? result, string? docs, Stability stability, TextSpan span, string? externalId)
    {
        Name = name;
        Kind = kind;
        Resource = resource;
        Params = @params;
        Result = result;
        Docs = docs;
        Stability = stability;
        Span = span;
        ExternalId = externalId;
    }

    /// <summary>The full name, e.g. `[method]file.read` for methods.</summary>
    public string Name { get; internal set; }

    /// <summary>The declaration kind.</summary>
    public FunctionKindTag Kind { get; }

    /// <summary>The resource of methods, static functions and constructors.</summary>
    public TypeId? Resource { get; internal set; }

    /// <summary>The parameters (methods include `self`).</summary>
    public List<Param> Params { get; }

    /// <summary>The result type, if any.</summary>
    public WitType? Result { get; internal set; }

    /// <summary>Doc comment text, if any.</summary>
    public string? Docs { get; }

    /// <summary>Feature gate of the function.</summary>
    public Stability Stability { get; }

    /// <summary>Where the function name is declared.</summary>
    public TextSpan Span { get; }

    /// <summary>The `@external-id` value, if any.</summary>
    public string? ExternalId { get; }

    /// <summary>Whether the function is `async`.</summary>
    public bool IsAsync => Kind is FunctionKindTag.AsyncFreestanding or FunctionKindTag.AsyncMethod or FunctionKindTag.AsyncStatic;

    /// <summary>The name as written in WIT (without the `[method]r.` style prefix).</summary>
    public string ItemName
    {
        get
        {
            int bracket = Name.IndexOf(']');
            if (Name.Length == 0 || Name[0] != '[' || bracket < 0)
            {
                return Name;
            }

            string rest = Name.Substring(bracket + 1);
            int dot = rest.IndexOf('.');
            return dot >= 0 ? rest.Substring(dot + 1) : rest;
        }
    }

    internal Function Clone() => new(Name, Kind, Resource, Params.ConvertAll(p => new Param(p.Name, p.Type, p.Span)), Result, Docs, Stability, Span, ExternalId);
}
