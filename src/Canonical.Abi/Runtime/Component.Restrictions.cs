using Wasm.Components.Model;

namespace Wasm.Components;

public sealed partial class Component
{
    /// <summary>
    /// Rejects valid components this runtime cannot run, with the same wording as Wasmtime: a root component that
    /// imports a component (a linker can define functions, instances, resources and modules, not components) or
    /// exports one (an instance has no way to hand a component definition to the host).
    /// </summary>
    private static void CheckRuntimeRestrictions(ComponentAst root)
    {
        foreach (var def in root.Definitions)
        {
            switch (def)
            {
                case ImportDefinition { Type.Kind: ExternDescKind.Component } im:
                    throw new InvalidModuleException("root-level component imports are not supported", im.Offset);
                case ExportDefinition { Item.Sort: Sort.Component } ex:
                    throw new InvalidModuleException("exporting a component from the root component is not supported", ex.Offset);
            }
        }
    }
}
