namespace Wasm.Wasi.Preview1.Fd;

/// <summary>The guest's file descriptor numbers. A closed number is reused, lowest first, like POSIX.</summary>
internal sealed class FdTable
{
    private Descriptor?[] _slots = new Descriptor?[16];
    private int _count;

    public int Insert(Descriptor descriptor)
    {
        for (var i = 0; i < _count; i++)
        {
            if (_slots[i] is null)
            {
                _slots[i] = descriptor;
                return i;
            }
        }
        if (_count == _slots.Length) Array.Resize(ref _slots, _slots.Length * 2);
        _slots[_count] = descriptor;
        return _count++;
    }

    /// <summary>The descriptor at <paramref name="fd"/>, or null for a number that is not open.</summary>
    public Descriptor? Get(int fd) => (uint)fd < (uint)_count ? _slots[fd] : null;

    /// <summary>Looks up <paramref name="fd"/> and checks that it has every right in <paramref name="required"/>.</summary>
    public Errno Get(int fd, Rights required, out Descriptor descriptor)
    {
        var d = Get(fd);
        descriptor = d!;
        if (d is null) return Errno.Badf;
        return (d.Base & required) == required ? Errno.Success : Errno.NotCapable;
    }

    public Descriptor? Remove(int fd)
    {
        var d = Get(fd);
        if (d is not null) _slots[fd] = null;
        return d;
    }

    /// <summary>Moves <paramref name="from"/> onto <paramref name="to"/>, closing what was at <paramref name="to"/>.</summary>
    public Errno Renumber(int from, int to)
    {
        var d = Get(from);
        var target = Get(to);
        if (d is null || target is null) return Errno.Badf;
        if (from == to) return Errno.Success;
        target.Close();
        _slots[to] = d;
        _slots[from] = null;
        return Errno.Success;
    }

    public void CloseAll()
    {
        for (var i = 0; i < _count; i++)
        {
            _slots[i]?.Close();
            _slots[i] = null;
        }
        _count = 0;
    }
}
