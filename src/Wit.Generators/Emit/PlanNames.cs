using System.Collections.Generic;
using Wit.Generators.Abi;
using Wit.Generators.Naming;
using Wit.Model;

namespace Wit.Generators.Emit;

/// <summary>
/// The declarations' names (<see cref="BindingsPlan"/>) as the ABI emitters see them, for one side: types fully
/// qualified, record fields and variant cases as <see cref="TypeDeclarations"/> names them.
/// </summary>
internal sealed class PlanNames : ICSharpNames
{
    private const string Runtime = "global::Wasm.Components.Bindings.";

    private readonly BindingsPlan _plan;
    private readonly Side _side;
    private readonly Dictionary<TypeId, string[]> _members = new();

    public PlanNames(BindingsPlan plan, Side side)
    {
        _plan = plan;
        _side = side;
    }

    /// <summary>How handles of resources are named in the code being written; null where no handle may appear.</summary>
    public IResourceAccess? Resources { get; set; }

    public string OptionStruct => Runtime + "Option";

    public string ResultStruct => Runtime + "Result";

    public string UnitStruct => Runtime + "Unit";

    public string TypeName(TypeId type) => _plan.TypeRef(WitType.FromId(type), _side);

    public string FieldName(TypeId record, int index) => Members(record)[index];

    public string CaseName(TypeId variant, int index) => Members(variant)[index];

    public string EnumCaseName(TypeId @enum, int index) => Members(@enum)[index];

    public string FlagsUnderlyingType(TypeId flags) => ((FlagsKind)_plan.Resolve[flags].Kind).Flags.Count > 32 ? "ulong" : "uint";

    public string HandleTypeName(TypeId handle) => _plan.TypeRef(WitType.FromId(handle), _side);

    public string ResourceTypeExpression(TypeId resource) => Access.ResourceType(resource);

    public string HandleToRep(TypeId handle, string value) => Access.ToRep((HandleKind)_plan.Resolve[handle].Kind, value);

    public string HandleFromRep(TypeId handle, string rep) => Access.FromRep((HandleKind)_plan.Resolve[handle].Kind, rep);

    private IResourceAccess Access => Resources ?? throw new System.InvalidOperationException("no resource handles here");

    /// <summary>The C# member names of a record's fields, a variant's cases or an enum's cases, as declared.</summary>
    private string[] Members(TypeId id)
    {
        if (_members.TryGetValue(id, out var names))
        {
            return names;
        }

        string qualified = TypeName(id);
        string simple = qualified.Substring(qualified.LastIndexOf('.') + 1);
        var kind = _plan.Resolve[id].Kind;
        var scope = kind is EnumKind ? new MemberScope(simple) : new MemberScope(simple, MemberScope.RecordMembers);
        var wit = kind switch
        {
            RecordKind r => r.Fields.ConvertAll(f => f.Name),
            VariantKind v => v.Cases.ConvertAll(c => c.Name),
            EnumKind e => e.Cases.ConvertAll(c => c.Name),
            _ => new List<string>(),
        };
        names = wit.ConvertAll(n => scope.Claim(CSharpNames.Pascal(n), n) ?? CSharpNames.Pascal(n) + "_").ToArray();
        _members[id] = names;
        return names;
    }
}

/// <summary>Expressions of resource types and handle conversions in the code being written.</summary>
internal interface IResourceAccess
{
    /// <summary>An expression of the runtime <c>ResourceType</c> of <paramref name="resource"/>.</summary>
    string ResourceType(TypeId resource);

    /// <summary>An expression of the representation (<c>uint</c>) of a handle value, lowered to the guest.</summary>
    string ToRep(HandleKind handle, string value);

    /// <summary>An expression of the handle value of a representation lifted from the guest.</summary>
    string FromRep(HandleKind handle, string rep);
}
