namespace Wasm;

/// <summary>Something a module can import or export: a <see cref="Function"/>, <see cref="Memory"/>,
/// <see cref="Table"/> or <see cref="Global"/>.</summary>
public abstract class Extern
{
    private protected Extern() { }

    /// <summary>Which kind of entity this is.</summary>
    public abstract ExternKind Kind { get; }
}
