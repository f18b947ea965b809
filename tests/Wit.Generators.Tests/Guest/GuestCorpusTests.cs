using Microsoft.CodeAnalysis;
using Wasm.Components.Abi;
using Wit.Generators.Tests.Abi;
using Wit.Model;
using Wit.Resolution;
using Xunit.Abstractions;
using Rt = Wasm.Components.Types;

namespace Wit.Generators.Tests.Guest;

/// <summary>
/// Guest bindings for every world of the wit-bindgen codegen corpus: they compile with no errors and no warnings
/// (unsafe code allowed, as in a guest project), and every core export and import they declare has exactly the
/// core function type that the runtime's canonical ABI (<see cref="CanonicalAbi.FlattenFuncTypeLift"/> for
/// exports, <see cref="CanonicalAbi.FlattenFuncTypeLower"/> for imports) gives its WIT function, including spilled
/// parameters and results, post-return functions, resource intrinsics and destructors.
/// </summary>
public sealed class GuestCorpusTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryCodegenWorldCompilesAsGuest()
    {
        int packages = 0, skipped = 0;
        var failures = new List<string>();
        foreach (var (name, files) in Corpus.CodegenPackages())
        {
            packages++;
            var (run, _) = GuestHarness.Run(files);
            skipped += run.GeneratorDiagnostics.Count(d => d.Id == "WIT0005");
            failures.AddRange(run.Problems("WIT0005").Select(d => $"{name}: {d}"));
        }

        output.WriteLine($"codegen corpus as guest: {packages} packages, {skipped} WIT0005, {failures.Count} problems");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)));
        Assert.True(packages > 90, $"only {packages} packages found");
    }

    [Fact]
    public void EveryCoreExportAndImportHasTheCanonicalAbiSignature()
    {
        var counts = new Dictionary<string, int>();
        var failures = new List<string>();
        int functions = 0;
        foreach (var (name, files) in Corpus.CodegenPackages())
        {
            var (run, compilation) = GuestHarness.Run(files);
            if (GuestHarness.Errors(compilation).Length > 0)
            {
                failures.Add($"{name}: does not compile");
                continue;
            }

            string root = Wit.Resolution.WitSources.PackageRootOf(files[0].Path);
            var (resolve, package) = Wit.Resolution.WitSources.Load(root, files.Select(f => new WitSource(f.Path, f.Text)));
            var expected = new Expected(resolve, package);
            var seen = new HashSet<string>();
            foreach (var method in GuestHarness.MethodsWith(compilation, "UnmanagedCallersOnlyAttribute", "DllImportAttribute"))
            {
                string actual = GuestHarness.CoreSignature(method);
                var (kind, key, want) = expected.Of(method);
                counts[kind] = counts.GetValueOrDefault(kind) + 1;
                seen.Add(key);
                if (want != actual)
                {
                    failures.Add($"{name}: {key} ({method.ToDisplayString()}): declared {actual}, canonical ABI {want ?? "(no such function)"}");
                }
            }

            // Every supported function of every world is bound: exported ones as exports, imported ones as imports.
            foreach (var key in expected.Required())
            {
                functions++;
                if (!seen.Contains(key))
                {
                    failures.Add($"{name}: no core function for {key}");
                }
            }
        }

        output.WriteLine($"{functions} WIT functions; checked: " + string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}")));
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)));
        Assert.True(counts.GetValueOrDefault("export") > 100 && counts.GetValueOrDefault("import") > 100, string.Join(", ", counts));
        Assert.True(counts.GetValueOrDefault("post-return") > 20 && counts.GetValueOrDefault("resource-new") > 5 && counts.GetValueOrDefault("dtor") > 5, string.Join(", ", counts));
    }

    /// <summary>The core function types of one package's worlds, by core name, from the runtime's canonical ABI.</summary>
    private sealed class Expected(Resolve resolve, PackageId package)
    {
        private const string I32 = "i32";
        private readonly RuntimeLayout _types = new(resolve);

        public (string Kind, string Key, string? Signature) Of(IMethodSymbol method)
        {
            var callers = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.Name == "UnmanagedCallersOnlyAttribute");
            if (callers is not null)
            {
                string entry = GuestHarness.Named(callers, "EntryPoint")!;
                if (entry == "cabi_realloc") return ("realloc", entry, Sig([I32, I32, I32, I32], [I32]));
                if (entry.StartsWith("cabi_post_", StringComparison.Ordinal))
                {
                    var post = ExportedFunction(entry["cabi_post_".Length..], method);
                    return ("post-return", entry, post is null ? null : Sig(Flat(Lift(post).Results), []));
                }

                int hash = entry.IndexOf('#');
                if (hash >= 0 && entry[(hash + 1)..].StartsWith("[dtor]", StringComparison.Ordinal))
                {
                    return ("dtor", entry, Sig([I32], []));
                }

                var f = ExportedFunction(entry, method);
                return ("export", "export " + entry, f is null ? null : Core(Lift(f)));
            }

            var import = method.GetAttributes().Single(a => a.AttributeClass?.Name == "DllImportAttribute");
            string module = (string)import.ConstructorArguments[0].Value!;
            string name = GuestHarness.Named(import, "EntryPoint")!;
            if (!method.GetAttributes().Any(a => a.AttributeClass?.Name == "WasmImportLinkageAttribute"))
            {
                return ("import", $"{module} {name}", "[WasmImportLinkage] missing");
            }

            foreach (var (prefix, signature) in new[] { ("[resource-new]", Sig([I32], [I32])), ("[resource-rep]", Sig([I32], [I32])), ("[resource-drop]", Sig([I32], [])) })
            {
                if (name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    bool exported = module.StartsWith("[export]", StringComparison.Ordinal);
                    // new and rep exist only for the component's own resources.
                    bool valid = exported || prefix == "[resource-drop]";
                    return (prefix.Trim('[', ']'), $"{module} {name}", valid ? signature : null);
                }
            }

            var function = ImportedFunction(module, name, method);
            return ("import", $"import {module} {name}", function is null ? null : Core(Lower(function)));
        }

        /// <summary>The key of every bindable function of every world of the root package.</summary>
        public IEnumerable<string> Required()
        {
            foreach (var worldId in resolve[package].Worlds.Values)
            {
                var world = resolve[worldId];
                // An interface bound under several names is bound under its first (the others are WIT0005).
                var bound = new HashSet<InterfaceId>();
                bool First(WorldItem item) => item is not WorldInterfaceItem i || bound.Add(i.Id);
                foreach (var (key, item) in world.Imports.Where(i => First(i.Value)).ToList())
                {
                    foreach (var f in Functions(item))
                    {
                        yield return "import " + (item is WorldFunctionItem ? "$root" : resolve.NameOf(key)) + " " + f.Name;
                    }
                }

                foreach (var (key, item) in world.Exports)
                {
                    foreach (var f in Functions(item))
                    {
                        yield return "export " + (item is WorldFunctionItem ? f.Name : resolve.NameOf(key) + "#" + f.Name);
                    }
                }
            }
        }

        private IEnumerable<Function> Functions(WorldItem item) => item switch
        {
            WorldFunctionItem f when Bindable(f.Function) => [f.Function],
            WorldInterfaceItem i => resolve[i.Id].Functions.Values.Where(Bindable),
            _ => [],
        };

        // What the generator binds: synchronous functions whose types all have a C# form (as WIT0005 reports).
        private bool Bindable(Function f) =>
            !f.IsAsync && f.Params.All(p => Bindable(p.Type)) && (f.Result is not { } r || Bindable(r));

        private bool Bindable(WitType t)
        {
            if (t.Kind == WitTypeKind.ErrorContext) return false;
            if (!t.IsId) return true;
            return resolve[resolve.Dealias(t.Id)].Kind switch
            {
                FutureKind or StreamKind or MapKind => false,
                FlagsKind fl => fl.Flags.Count <= 64,
                RecordKind r => r.Fields.All(x => Bindable(x.Type)),
                VariantKind v => v.Cases.All(c => c.Type is not { } ct || Bindable(ct)),
                TupleKind tu => tu.Types.All(Bindable),
                OptionKind o => Bindable(o.Type),
                ResultKind res => (res.Ok is not { } ok || Bindable(ok)) && (res.Err is not { } err || Bindable(err)),
                ListKind l => Bindable(l.Type),
                FixedLengthListKind fl => Bindable(fl.Type),
                HandleKind h => Bindable(WitType.FromId(h.Resource)),
                _ => true,
            };
        }

        private Function? ExportedFunction(string entry, IMethodSymbol method)
        {
            int hash = entry.IndexOf('#');
            if (hash >= 0)
            {
                return InterfaceNamed(entry[..hash]) is { } iface && resolve[iface].Functions.TryGetValue(entry[(hash + 1)..], out var f) ? f : null;
            }

            return WorldOf(method) is { } world && resolve[world].Exports.Values.OfType<WorldFunctionItem>().FirstOrDefault(i => i.Function.Name == entry) is { } item ? item.Function : null;
        }

        private Function? ImportedFunction(string module, string name, IMethodSymbol method)
        {
            if (module == "$root")
            {
                return WorldOf(method) is { } world && resolve[world].Imports.Values.OfType<WorldFunctionItem>().FirstOrDefault(i => i.Function.Name == name) is { } item ? item.Function : null;
            }

            return InterfaceNamed(module) is { } iface && resolve[iface].Functions.TryGetValue(name, out var f) ? f : null;
        }

        private InterfaceId? InterfaceNamed(string instanceName)
        {
            for (int i = 0; i < resolve.Interfaces.Count; i++)
            {
                if (resolve.IdOf(new InterfaceId(i)) == instanceName) return new InterfaceId(i);
            }

            // A named import of an interface (`import primary: store`) is an instance of that name.
            foreach (var world in resolve.Worlds)
            {
                foreach (var (key, item) in world.Imports.Concat(world.Exports))
                {
                    if (item is WorldInterfaceItem i && resolve.NameOf(key) == instanceName) return i.Id;
                }
            }

            return null;
        }

        /// <summary>The world whose class declares <paramref name="method"/> (world-level functions have no instance name).</summary>
        private WorldId? WorldOf(IMethodSymbol method)
        {
            for (var type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                foreach (var id in resolve[package].Worlds.Values)
                {
                    if (Naming.CSharpNames.Pascal(resolve[id].Name) == type.Name) return id;
                }
            }

            return null;
        }

        private Wasm.FuncType Lift(Function f) => CanonicalAbi.FlattenFuncTypeLift(FuncType(f));

        private Wasm.FuncType Lower(Function f) => CanonicalAbi.FlattenFuncTypeLower(FuncType(f));

        private Rt.ComponentFuncType FuncType(Function f) =>
            new(f.Params.Select(p => new Rt.Param(p.Name, _types.Value(p.Type))).ToList(), f.Result is { } r ? _types.Value(r) : null);

        private static string Core(Wasm.FuncType t) => Sig(Flat(t.Parameters), Flat(t.Results));

        private static string[] Flat(IEnumerable<Wasm.ValType> types) => types.Select(t => t.Kind.ToString().ToLowerInvariant()).ToArray();

        private static string Sig(string[] parameters, string[] results) => $"({string.Join(" ", parameters)}) -> ({string.Join(" ", results)})";
    }
}
