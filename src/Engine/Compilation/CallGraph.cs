using System.Runtime.CompilerServices;
using Wasm.Binary;
using Wasm.Instructions;
using Wasm.Model;

namespace Wasm.Compilation;

/// <summary>
/// The direct calls between a module's defined functions, and which functions do something whose effect the
/// compiler cannot follow (grow a memory, call an import or through a table or reference). Recorded while the
/// bodies are validated (<see cref="Validation.ModuleValidator.ValidateBodies"/>), or by one decoding pass when
/// asked for first; used for memory-growth analysis, the order of background compilation and which functions
/// a lazily emitted one brings along.
/// </summary>
internal sealed class CallGraph
{
    private static readonly ConditionalWeakTable<ModuleInfo, CallGraph> Cache = new();

    /// <summary>By defined function: the defined functions it calls directly, once each, in the order their
    /// first calls appear.</summary>
    public readonly int[][] Callees;

    /// <summary>By defined function: whether it runs <c>memory.grow</c>, calls an import, or calls through a
    /// table or reference (an invalid body counts too; compiling it reports the error).</summary>
    public readonly bool[] Opaque;

    private CallGraph(int count)
    {
        Callees = new int[count][];
        Opaque = new bool[count];
    }

    /// <summary>The graph of <paramref name="module"/>: the one recorded while validating it, or a new one.</summary>
    public static CallGraph Of(ModuleInfo module) => Cache.GetValue(module, Decode);

    private static CallGraph Decode(ModuleInfo module)
    {
        var graph = new CallGraph(module.Bodies.Count);
        var recorder = new Recorder(module, graph);
        for (var i = 0; i < module.Bodies.Count; i++)
        {
            recorder.Begin(i);
            try
            {
                var reader = new CodeReader(module, module.Bodies[i]);
                while (reader.TryRead(out var ins)) recorder.Step(in ins);
            }
            catch (WasmException)
            {
                graph.Opaque[i] = true;
            }
            recorder.Finish();
        }
        return graph;
    }

    /// <summary>An empty graph for <paramref name="module"/>, to be filled by <see cref="Recorder"/>s (one per
    /// thread, each body recorded by one of them) and then <see cref="Remember"/>ed.</summary>
    public static CallGraph ForRecording(ModuleInfo module) => new(module.Bodies.Count);

    /// <summary>Keeps <paramref name="graph"/>, every body recorded, as <paramref name="module"/>'s.</summary>
    public static void Remember(ModuleInfo module, CallGraph graph) => Cache.AddOrUpdate(module, graph);

    /// <summary>Records the calls of one body at a time, instruction by instruction.</summary>
    internal sealed class Recorder(ModuleInfo module, CallGraph graph)
    {
        private readonly List<int> _callees = new();
        private readonly HashSet<int> _seen = new();
        private int _function;

        public void Begin(int function)
        {
            _function = function;
            _callees.Clear();
            _seen.Clear();
        }

        public void Step(in Instruction ins)
        {
            switch (ins.Op)
            {
                case Opcode.MemoryGrow or Opcode.CallIndirect or Opcode.ReturnCallIndirect or Opcode.CallRef or Opcode.ReturnCallRef:
                    graph.Opaque[_function] = true;
                    break;
                case Opcode.Call or Opcode.ReturnCall:
                    var callee = (long)ins.A - module.ImportedFuncs;
                    if (callee < 0 || callee >= graph.Callees.Length) graph.Opaque[_function] = true;
                    else if (_seen.Add((int)callee)) _callees.Add((int)callee);
                    break;
            }
        }

        public void Finish() => graph.Callees[_function] = _callees.Count == 0 ? [] : _callees.ToArray();
    }
}
