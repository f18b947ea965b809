using Wasm.Components.Types;

namespace Wasm.Components.WitPrinting;


public static partial class ComponentWitPrinter
{
    private sealed partial class Printer
    {
        /// <summary>Prints the named types of a scope: <c>use</c> statements for types defined elsewhere (consecutive
        /// ones from the same interface merged), then the definitions in order, resources with their functions.</summary>
        private void PrintTypes(WitScope scope)
        {
            var uses = new List<(WitScope From, List<string> Names)>();
            var declared = new List<(string Name, object Type)>();
            foreach (var (name, type) in scope.Types)
            {
                if (!WitScope.IsPrimitive(type) && _owners.TryGetValue(type, out var owner) && owner.Scope != scope)
                {
                    string entry = owner.Name == name ? Id(name) : $"{Id(owner.Name)} as {Id(name)}";
                    if (uses.Count > 0 && uses[^1].From == owner.Scope) uses[^1].Names.Add(entry);
                    else uses.Add((owner.Scope, [entry]));
                }
                else
                {
                    declared.Add((name, type));
                }
            }

            foreach (var (from, names) in uses) Line($"use {PathTo(from, scope)}.{{{string.Join(", ", names)}}};");
            foreach (var (name, type) in declared) PrintDefinition(scope, name, type);
        }

        /// <summary>How <paramref name="scope"/> refers to the interface <paramref name="target"/> in a <c>use</c>.</summary>
        private static string PathTo(WitScope target, WitScope scope)
        {
            if (target.FullName is null) return Id(target.LocalName);
            if (scope.FullName is not null && scope.PackageName == target.PackageName) return Id(target.InterfaceName!);
            return Path(target.FullName);
        }

        private void PrintDefinition(WitScope scope, string name, object type)
        {
            string id = Id(name);
            if (!WitScope.IsPrimitive(type) && scope.LocalNames.TryGetValue(type, out string? first) && first != name)
            {
                Line($"type {id} = {Id(first)};");
                return;
            }

            switch (type)
            {
                case ResourceType resource:
                    PrintResource(scope, name, resource);
                    break;
                case RecordType record:
                    Block($"record {id}", record.Fields.Select(f => $"{Id(f.Name)}: {TypeExpr(f.Type, scope)},"));
                    break;
                case VariantType variant:
                    Block($"variant {id}", variant.Cases.Select(c => c.Type is null ? Id(c.Name) + "," : $"{Id(c.Name)}({TypeExpr(c.Type, scope)}),"));
                    break;
                case EnumType @enum:
                    Block($"enum {id}", @enum.Names.Select(n => Id(n) + ","));
                    break;
                case FlagsType flags:
                    Block($"flags {id}", flags.Names.Select(n => Id(n) + ","));
                    break;
                default:
                    Line($"type {id} = {Structure((WitType)type, scope)};");
                    break;
            }
        }

        private void Block(string header, IEnumerable<string> lines)
        {
            Line(header + " {");
            _indent++;
            foreach (string line in lines) Line(line);
            _indent--;
            Line("}");
        }

        private void PrintResource(WitScope scope, string name, ResourceType resource)
        {
            var members = new List<string>();
            foreach (var (funcName, func) in scope.Functions)
            {
                var (form, owner, item) = WitScope.ParseFunctionName(funcName);
                if (owner != name) continue;
                string line = form switch
                {
                    FunctionForm.Constructor => "constructor" + Params(func, scope, skipSelf: false) + ConstructorResult(func, resource, scope),
                    FunctionForm.Method or FunctionForm.AsyncMethod => $"{Id(item)}: {Async(form, func)}func{Signature(func, scope, skipSelf: true)}",
                    _ => $"{Id(item)}: static {Async(form, func)}func{Signature(func, scope, skipSelf: false)}",
                };
                members.Add(line + ";");
            }

            if (members.Count == 0) Line($"resource {Id(name)};");
            else Block($"resource {Id(name)}", members);
        }

        private string ConstructorResult(ComponentFuncType func, ResourceType resource, WitScope scope) =>
            func.Result is null || (func.Result is HandleType { IsOwn: true } h && h.Resource == resource) ? "" : " -> " + TypeExpr(func.Result, scope);

        private string Signature(ComponentFuncType func, WitScope scope, bool skipSelf) =>
            Params(func, scope, skipSelf) + (func.Result is null ? "" : " -> " + TypeExpr(func.Result, scope));

        private string Params(ComponentFuncType func, WitScope scope, bool skipSelf) =>
            "(" + string.Join(", ", func.Params.Skip(skipSelf ? 1 : 0).Select(p => $"{Id(p.Name)}: {TypeExpr(p.Type, scope)}")) + ")";

        /// <summary>A type as used in <paramref name="scope"/>: its name there if it has one, else its structure.</summary>
        private string TypeExpr(WitType type, WitScope scope)
        {
            if (type is PrimitiveType) return type.ToString();
            if (scope.LocalNames.TryGetValue(type, out string? local)) return Id(local);
            if (_owners.TryGetValue(type, out var owner)) return Id(owner.Name);
            return Structure(type, scope);
        }

        private string ResourceName(ResourceType resource, WitScope scope)
        {
            if (scope.LocalNames.TryGetValue(resource, out string? local)) return Id(local);
            if (_owners.TryGetValue(resource, out var owner)) return Id(owner.Name);
            return Id(resource.Name ?? "resource");
        }

        /// <summary>The structure of a type, with its parts as used in <paramref name="scope"/>.</summary>
        private string Structure(WitType type, WitScope scope) => type switch
        {
            PrimitiveType => type.ToString(),
            ListType { FixedLength: { } n } l => $"list<{TypeExpr(l.Element, scope)}, {n}>",
            ListType l => $"list<{TypeExpr(l.Element, scope)}>",
            OptionType o => $"option<{TypeExpr(o.Inner, scope)}>",
            ResultType { Ok: null, Error: null } => "result",
            ResultType { Error: null } r => $"result<{TypeExpr(r.Ok!, scope)}>",
            ResultType r => $"result<{(r.Ok is null ? "_" : TypeExpr(r.Ok, scope))}, {TypeExpr(r.Error!, scope)}>",
            TupleType t => "tuple<" + string.Join(", ", t.Types.Select(x => TypeExpr(x, scope))) + ">",
            HandleType { IsOwn: true } h => ResourceName(h.Resource, scope),
            HandleType h => $"borrow<{ResourceName(h.Resource, scope)}>",
            MapType m => $"map<{TypeExpr(m.Key, scope)}, {TypeExpr(m.Value, scope)}>",
            AsyncValueType a => (a.Kind == ValueKind.Stream ? "stream" : "future") + (a.Element is null ? "" : $"<{TypeExpr(a.Element, scope)}>"),
            _ => type.ToString(), // an unnamed record, variant, enum or flags has no WIT spelling
        };
    }
}
