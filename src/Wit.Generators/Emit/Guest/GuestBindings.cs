using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Wit.Generators.Model;
using Wit.Generators.Naming;
using Wit.Model;

namespace Wit.Generators.Emit.Guest;

/// <summary>
/// Guest bindings (<c>WitSide=guest</c>): C# that is the component. Every interface, imported or exported, is
/// declared in the shape host bindings give an imported interface (its types, the C# interface <c>I{Interface}</c>
/// and <c>AddToLinker</c>), since on this side the user implements what the world exports, exactly as a host
/// implements what a component imports. <see cref="GuestEmitter"/> then adds the canonical ABI of the component:
/// <c>[UnmanagedCallersOnly]</c> exports calling the user's implementation and <c>[DllImport]</c> imports behind
/// <c>{Interface}.Imports</c>.
/// </summary>
internal static class GuestBindings
{
    public static List<GeneratedSource> Build(Resolve resolve, List<WorldId> worlds, BindingRequest request, DiagnosticSink diagnostics, CancellationToken cancellationToken)
    {
        var sources = new List<GeneratedSource>();
        if (worlds.Count == 0)
        {
            return sources;
        }

        // No interface is seen from the export side: every resource is a C# object (the user's, or a handle).
        var plan = new BindingsPlan(resolve, request.Namespace, diagnostics, Enumerable.Empty<InterfaceId>());
        foreach (var world in worlds)
        {
            if (request.Target is { } target)
            {
                plan.AddWorld(world, target.Namespace, target.ClassName, target.Accessibility, exportProperties: false);
            }
            else
            {
                plan.AddWorld(world, exportProperties: false);
            }
        }

        var emitter = new GuestEmitter(plan, diagnostics);
        // Each named interface once, with the roles every selected world gives it.
        var interfaces = new List<(InterfaceId Id, string InstanceName, bool Imported, bool Exported)>();
        void Add(WorldKey key, WorldItem item, bool exported)
        {
            if (item is not WorldInterfaceItem iface || resolve[iface.Id].Name is null)
            {
                return;
            }

            int index = interfaces.FindIndex(i => i.Id == iface.Id);
            if (index < 0)
            {
                interfaces.Add((iface.Id, resolve.NameOf(key), !exported, exported));
            }
            else if (interfaces[index].InstanceName != resolve.NameOf(key))
            {
                // One C# class per interface: a second instance of it (`import b: iface`) would need a class of its own.
                diagnostics.Report("WIT0005", $"`{resolve.NameOf(key)}` is skipped: it is interface `{resolve.IdOf(iface.Id)}` again, already bound as `{interfaces[index].InstanceName}`", iface.Span);
            }
            else
            {
                var known = interfaces[index];
                interfaces[index] = (known.Id, known.InstanceName, known.Imported || !exported, known.Exported || exported);
            }
        }

        foreach (var world in worlds)
        {
            foreach (var (key, item) in resolve[world].Imports)
            {
                Add(key, item, exported: false);
            }

            foreach (var (key, item) in resolve[world].Exports)
            {
                Add(key, item, exported: true);
            }
        }

        emitter.ExportedInterfaces.UnionWith(interfaces.Where(i => i.Exported).Select(i => i.Id));
        emitter.ExportedInterfaces.UnionWith(worlds.SelectMany(w => resolve[w].Exports.Values.OfType<WorldInterfaceItem>().Select(i => i.Id)));
        foreach (var (id, instanceName, imported, exported) in interfaces)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var names = plan.Interface(id, Side.Import);
            var writer = new SourceWriter();
            using (Namespace(writer, names.Container))
            {
                emitter.EmitInterface(writer, id, instanceName, imported, exported);
            }

            sources.Add(new GeneratedSource(names.Container + "." + names.ClassName + ".Guest.g.cs", BindingsBuilder.Header + "\n" + writer));
        }

        foreach (var world in worlds)
        {
            var names = plan.World(world);
            var writer = new SourceWriter();
            using (Namespace(writer, names.Namespace))
            {
                emitter.EmitWorld(writer, world, request.Target is not null);
            }

            string hint = names.Namespace.Length == 0 ? names.ClassName : names.Namespace + "." + names.ClassName;
            sources.Add(new GeneratedSource(hint + ".Guest.g.cs", BindingsBuilder.Header + "\n" + writer));
        }

        sources.Add(new GeneratedSource(GuestRuntimeSource.HintName, BindingsBuilder.Header + "\n" + GuestRuntimeSource.Text));
        return sources;
    }

    private static Block? Namespace(SourceWriter writer, string name) => name.Length == 0 ? null : writer.Block("namespace " + name);
}
