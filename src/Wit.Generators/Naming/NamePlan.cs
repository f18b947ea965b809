using System.Collections.Generic;
using Wit.Generators.Emit;
using Wit.Model;

namespace Wit.Generators.Naming;

/// <summary>Whether an interface is seen from the importing side (the host implements it) or the exporting side (the host calls it).</summary>
internal enum Side
{
    Import,
    Export,
}

/// <summary>The C# names of one interface on one side: its class, host interface, types and methods.</summary>
internal sealed class InterfaceNames
{
    public InterfaceNames(string container, string className, string hostInterface, MemberScope classScope, MemberScope hostScope)
    {
        Container = container;
        ClassName = className;
        HostInterface = hostInterface;
        ClassScope = classScope;
        HostScope = hostScope;
    }

    /// <summary>The namespace, or for a world's inline interface the world class (fully qualified, no <c>global::</c>).</summary>
    public string Container { get; }

    public string ClassName { get; }

    public string HostInterface { get; }

    public string FullName => Qualify(Container, ClassName);

    public string HostFullName => Qualify(Container, HostInterface);

    public MemberScope ClassScope { get; }

    public MemberScope HostScope { get; }

    /// <summary>Simple names of the declared types (for imported resources, of their host interfaces).</summary>
    public Dictionary<TypeId, string> Types { get; } = new();

    /// <summary>Method names by WIT function name; constructors and statics are named after their resource.</summary>
    public Dictionary<string, string> Functions { get; } = new();

    /// <summary>The member scope of each resource's interface or handle class (its methods).</summary>
    public Dictionary<TypeId, MemberScope> ResourceScopes { get; } = new();

    public static string Qualify(string container, string name) => container.Length == 0 ? "global::" + name : "global::" + container + "." + name;
}

/// <summary>The C# names of a world's class, its <c>Pre</c> class and its host interface.</summary>
internal sealed class WorldNames
{
    public WorldNames(string @namespace, string className, string accessibility)
    {
        Namespace = @namespace;
        ClassName = className;
        Accessibility = accessibility;
        ClassScope = new MemberScope(className, MemberScope.ObjectMembers);
        ClassScope.Reserve("Instantiate");
        ClassScope.Reserve("AddToLinker");
        Imports = new InterfaceNames(@namespace, className, ImportsInterface, ClassScope, new MemberScope(ImportsInterface));
        Exports = new InterfaceNames(@namespace, className, ImportsInterface, ClassScope, Imports.HostScope);
    }

    public string Namespace { get; }

    public string ClassName { get; }

    public string Accessibility { get; }

    public string PreClassName => ClassName + "Pre";

    public string ImportsInterface => "I" + ClassName + "Imports";

    /// <summary>The interface that combines every host interface the world imports (for <c>Instantiate</c> with imports).</summary>
    public string HostInterface => "I" + ClassName + "Host";

    public string FullName => InterfaceNames.Qualify(Namespace, ClassName);

    public MemberScope ClassScope { get; }

    /// <summary>The world's own types and functions, laid out like an interface's: the class is the world class.</summary>
    public InterfaceNames Imports { get; }

    /// <summary>The world's own exported functions: methods of the world class.</summary>
    public InterfaceNames Exports { get; }

    /// <summary>Exported interfaces' property names by world key.</summary>
    public Dictionary<WorldKey, string> ExportProperties { get; } = new();
}
