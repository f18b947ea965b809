using AdderHost.Wit.Docs.Adder;
using Wasm;
using Wasm.Components;
using Wasm.Components.Values;

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
var linker = new ComponentLinker(engine);
Console.WriteLine($"loaded {Path.GetFileName(path)}");

try
{
    var adder = Adder.Instantiate(new Store(engine), component, linker);
    Console.WriteLine($"add(3, 39) = {adder.Add.Add_(3, 39)}");
}
catch (NotImplementedException)
{
    // Generators that predate the canonical ABI bodies emit declarations whose bodies throw.
    Console.WriteLine("the generated bindings declare Adder and Adder.Add but their bodies are not implemented in this version of Components.Wit.Generators");
    var sum = linker.Instantiate(new Store(engine), component)
        .GetFunc("docs:adder/add@0.1.0#add")!.Call(WitValue.U32(3), WitValue.U32(39));
    Console.WriteLine($"add(3, 39) = {sum} (dynamic API)");
}

return 0;
