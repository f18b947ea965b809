using System.Collections.Generic;
using System.Text;
using Wit.Model;

namespace Wit.Text;

/// <summary>Type definitions, type expressions and function signatures.</summary>
public sealed partial class WitPrinter
{
    private void PrintTypeDef(TypeId id, IEnumerable<Function> functions)
    {
        var type = _resolve[id];
        string name = Escape(type.Name ?? "unnamed");
        PrintDocs(type.Docs);
        PrintStability(type.Stability);
        switch (type.Kind)
        {
            case RecordKind record:
                Line($"record {name} {{");
                _indent++;
                foreach (var field in record.Fields)
                {
                    PrintDocs(field.Docs);
                    Line($"{Escape(field.Name)}: {TypeExpr(field.Type)},");
                }

                _indent--;
                Line("}");
                break;
            case VariantKind variant:
                Line($"variant {name} {{");
                _indent++;
                foreach (var c in variant.Cases)
                {
                    PrintDocs(c.Docs);
                    Line(c.Type is { } payload ? $"{Escape(c.Name)}({TypeExpr(payload)})," : $"{Escape(c.Name)},");
                }

                _indent--;
                Line("}");
                break;
            case EnumKind e:
                PrintNamedCases("enum", name, e.Cases);
                break;
            case FlagsKind flags:
                PrintNamedCases("flags", name, flags.Flags);
                break;
            case ResourceKind:
            {
                var members = new List<Function>();
                foreach (var function in functions)
                {
                    if (function.Resource == id)
                    {
                        members.Add(function);
                    }
                }

                if (members.Count == 0)
                {
                    Line($"resource {name};");
                    break;
                }

                Line($"resource {name} {{");
                _indent++;
                foreach (var member in members)
                {
                    PrintResourceFunction(member, id);
                }

                _indent--;
                Line("}");
                break;
            }

            case AliasKind alias:
                Line($"type {name} = {TypeExpr(alias.Target)};");
                break;
            case HandleKind { IsBorrow: false } own:
                // A named `own` alias must keep its handle form.
                Line($"type {name} = own<{TypeExpr(WitType.FromId(own.Resource))}>;");
                break;
            default:
                Line($"type {name} = {KindExpr(type.Kind)};");
                break;
        }
    }

    private void PrintNamedCases(string keyword, string name, List<NamedCase> cases)
    {
        Line($"{keyword} {name} {{");
        _indent++;
        foreach (var c in cases)
        {
            PrintDocs(c.Docs);
            Line(Escape(c.Name) + ",");
        }

        _indent--;
        Line("}");
    }

    private void PrintResourceFunction(Function function, TypeId resource)
    {
        PrintDocs(function.Docs);
        PrintStability(function.Stability);
        if (function.Kind == FunctionKindTag.Constructor)
        {
            string result = function.Result is { IsId: true } r && r.Id != resource && _resolve[r.Id].Kind is ResultKind
                ? " -> " + TypeExpr(r)
                : string.Empty;
            Line($"constructor({Params(function, 0)}){result};");
            return;
        }

        bool isMethod = function.Kind is FunctionKindTag.Method or FunctionKindTag.AsyncMethod;
        string prefix = function.Kind is FunctionKindTag.Static or FunctionKindTag.AsyncStatic ? "static " : string.Empty;
        Line($"{Escape(function.ItemName)}: {prefix}{Signature(function, isMethod ? 1 : 0)};");
    }

    private void PrintFunction(Function function, string name, string direction = "")
    {
        PrintDocs(function.Docs);
        PrintStability(function.Stability);
        Line($"{direction}{Escape(name)}: {Signature(function, 0)};");
    }

    private string Signature(Function function, int skipParams)
    {
        var sb = new StringBuilder();
        if (function.IsAsync)
        {
            sb.Append("async ");
        }

        sb.Append("func(").Append(Params(function, skipParams)).Append(')');
        if (function.Result is { } result)
        {
            sb.Append(" -> ").Append(TypeExpr(result));
        }

        return sb.ToString();
    }

    private string Params(Function function, int skip)
    {
        var parts = new List<string>();
        for (int i = skip; i < function.Params.Count; i++)
        {
            parts.Add($"{Escape(function.Params[i].Name)}: {TypeExpr(function.Params[i].Type)}");
        }

        return string.Join(", ", parts);
    }

    private static string ItemName(Function function) => function.ItemName;

    /// <summary>The WIT spelling of a type use: names for named types, constructors for anonymous ones.</summary>
    public string TypeExpr(WitType type)
    {
        if (!type.IsId)
        {
            return WitType.PrimitiveName(type.Kind);
        }

        var def = _resolve[type.Id];
        return def.Name is { } name ? Escape(name) : KindExpr(def.Kind);
    }

    private string KindExpr(TypeDefKind kind) => kind switch
    {
        ListKind list => $"list<{TypeExpr(list.Type)}>",
        FixedLengthListKind fixedList => $"list<{TypeExpr(fixedList.Type)}, {fixedList.Size}>",
        OptionKind option => $"option<{TypeExpr(option.Type)}>",
        ResultKind { Ok: null, Err: null } => "result",
        ResultKind { Ok: { } ok, Err: null } => $"result<{TypeExpr(ok)}>",
        ResultKind { Ok: null, Err: { } err } => $"result<_, {TypeExpr(err)}>",
        ResultKind result => $"result<{TypeExpr(result.Ok!.Value)}, {TypeExpr(result.Err!.Value)}>",
        TupleKind tuple => $"tuple<{string.Join(", ", tuple.Types.ConvertAll(TypeExpr))}>",
        FutureKind { Type: { } ft } => $"future<{TypeExpr(ft)}>",
        FutureKind => "future",
        StreamKind { Type: { } st } => $"stream<{TypeExpr(st)}>",
        StreamKind => "stream",
        MapKind map => $"map<{TypeExpr(map.Key)}, {TypeExpr(map.Value)}>",
        HandleKind { IsBorrow: true } borrow => $"borrow<{TypeExpr(WitType.FromId(borrow.Resource))}>",
        HandleKind own => TypeExpr(WitType.FromId(own.Resource)),
        AliasKind alias => TypeExpr(alias.Target),
        _ => "unknown",
    };
}
