global using Wasm.Components.Types;
global using WitType = Wasm.Components.Types.WitType;
