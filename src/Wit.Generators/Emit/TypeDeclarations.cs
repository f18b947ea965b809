using System.Collections.Generic;
using System.Linq;
using Wit.Generators.Model;
using Wit.Generators.Naming;
using Wit.Model;

namespace Wit.Generators.Emit;

/// <summary>Writes the C# declarations of WIT records, variants, enums and flags.</summary>
internal sealed class TypeDeclarations
{
    private readonly BindingsPlan _plan;
    private readonly DiagnosticSink _diagnostics;

    public TypeDeclarations(BindingsPlan plan, DiagnosticSink diagnostics)
    {
        _plan = plan;
        _diagnostics = diagnostics;
    }

    /// <summary>Writes the named, non-resource types of <paramref name="names"/> in WIT order; unsupported ones are reported and skipped.</summary>
    public void Emit(SourceWriter writer, InterfaceNames names, IEnumerable<TypeId> types, Side side)
    {
        foreach (var id in types)
        {
            var def = _plan.Resolve[id];
            if (def.Kind is ResourceKind || !names.Types.TryGetValue(id, out var name))
            {
                continue;
            }

            if (_plan.Unsupported(WitType.FromId(id)) is { } reason)
            {
                _diagnostics.Report("WIT0005", $"type `{def.Name}` is skipped: {reason}", def.Span);
                continue;
            }

            writer.BlankLine();
            switch (def.Kind)
            {
                case RecordKind record:
                    Record(writer, def, name, record, side, names.FullName);
                    break;
                case VariantKind variant:
                    Variant(writer, def, name, variant, side, names.FullName);
                    break;
                case EnumKind @enum:
                    Enum(writer, def, name, @enum);
                    break;
                case FlagsKind flags:
                    Flags(writer, def, name, flags);
                    break;
            }
        }
    }

    private void Record(SourceWriter writer, TypeDef def, string name, RecordKind record, Side side, string context)
    {
        var scope = new MemberScope(name, MemberScope.RecordMembers);
        var fields = new List<(string Name, string Type, Field Field)>();
        foreach (var field in record.Fields)
        {
            string property = scope.Claim(CSharpNames.Pascal(field.Name), field.Name) ?? Conflict(field.Name, def);
            fields.Add((property, _plan.TypeRef(field.Type, side, context), field));
        }

        Docs.Summary(writer, def.Docs);
        if (record.Fields.Any(f => !string.IsNullOrWhiteSpace(f.Docs)))
        {
            foreach (var (property, _, field) in fields)
            {
                Docs.Param(writer, property, string.IsNullOrWhiteSpace(field.Docs) ? $"The `{field.Name}` field." : field.Docs!);
            }
        }

        var parameters = fields.Select(f => f.Type + " " + f.Name).ToList();
        string header = $"public sealed record {name}(";
        if (header.Length + parameters.Sum(p => p.Length + 2) <= 100)
        {
            writer.Line(header + string.Join(", ", parameters) + ");");
            return;
        }

        writer.Line(header);
        for (int i = 0; i < parameters.Count; i++)
        {
            writer.Line("    " + parameters[i] + (i + 1 < parameters.Count ? "," : ");"));
        }
    }

    private void Variant(SourceWriter writer, TypeDef def, string name, VariantKind variant, Side side, string context)
    {
        Docs.Summary(writer, def.Docs);
        using (writer.Block($"public abstract record {name}"))
        {
            // A private constructor closes the hierarchy: the nested cases are the only subtypes.
            using (writer.Block($"private {name}()"))
            {
            }

            var scope = new MemberScope(name, MemberScope.RecordMembers);
            var cases = variant.Cases.Select(c => (Case: c, Name: scope.Claim(CSharpNames.Pascal(c.Name), c.Name) ?? Conflict(c.Name, def))).ToList();

            // Inside the variant, its case records hide the owner's types of the same name.
            var shadowed = new HashSet<string>(cases.Select(c => c.Name));
            foreach (var (@case, caseName) in cases)
            {
                writer.BlankLine();
                Docs.Summary(writer, @case.Docs);
                if (@case.Type is { } payload)
                {
                    string property = caseName == "Value" ? "Value_" : "Value";
                    writer.Line($"public sealed record {caseName}({_plan.TypeRef(payload, side, context, shadowed)} {property}) : {name};");
                }
                else
                {
                    writer.Line($"public sealed record {caseName}() : {name};");
                }
            }
        }
    }

    private void Enum(SourceWriter writer, TypeDef def, string name, EnumKind @enum)
    {
        Docs.Summary(writer, def.Docs);
        string underlying = @enum.Cases.Count <= 256 ? "byte" : @enum.Cases.Count <= 65536 ? "ushort" : "uint";
        using (writer.Block($"public enum {name} : {underlying}"))
        {
            var scope = new MemberScope(name);
            foreach (var @case in @enum.Cases)
            {
                Docs.Summary(writer, @case.Docs);
                writer.Line((scope.Claim(CSharpNames.Pascal(@case.Name), @case.Name) ?? Conflict(@case.Name, def)) + ",");
            }
        }
    }

    private void Flags(SourceWriter writer, TypeDef def, string name, FlagsKind flags)
    {
        Docs.Summary(writer, def.Docs);
        bool wide = flags.Flags.Count > 32;
        writer.Line("[global::System.Flags]");
        using (writer.Block($"public enum {name} : {(wide ? "ulong" : "uint")}"))
        {
            var scope = new MemberScope(name, "None");
            writer.Line("None = 0,");
            for (int i = 0; i < flags.Flags.Count; i++)
            {
                var flag = flags.Flags[i];
                Docs.Summary(writer, flag.Docs);
                string member = scope.Claim(CSharpNames.Pascal(flag.Name), flag.Name) ?? Conflict(flag.Name, def);
                writer.Line($"{member} = {(wide ? "1UL" : "1U")} << {i},");
            }
        }
    }

    private string Conflict(string witName, TypeDef def)
    {
        _diagnostics.Report("WIT0004", $"`{witName}` in `{def.Name}` converts to a C# name another member already has", def.Span);
        return CSharpNames.Pascal(witName) + "_";
    }
}
