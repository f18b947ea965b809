using AdderHost.Wit.Docs.Adder;
using Wasm;
using Wasm.Components;

// Calls the adder component through the bindings that Components.Wit.Generators generates from ../wit/adder.wit:
// the world `adder` becomes the class Adder, its exported interface `add` the property Adder.Add.
var path = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "adder.wasm");
if (!File.Exists(path))
{
    Console.Error.WriteLine($"{path} not found: pass the path of adder.component.wasm (shared corpora, components/jco)");
    return 1;
}

var engine = new Engine();
var component = Component.FromFile(engine, path);
var adder = Adder.Instantiate(new Store(engine), component, new ComponentLinker(engine));
Console.WriteLine($"add(3, 39) = {adder.Add.Add_(3, 39)}");
return 0;
