using System.Diagnostics;

namespace Wasm;

public sealed unsafe partial class Memory
{
    /// <summary>A thread blocked in <c>memory.atomic.wait32</c>/<c>wait64</c>, until notified or timed out.</summary>
    private sealed class Waiter
    {
        public bool Notified;
    }

    /// <summary>Guards <see cref="_waiters"/>; waiting threads block on it with <see cref="Monitor.Wait(object, int)"/>.</summary>
    private readonly object _waitLock = new();

    /// <summary>Waiters by byte offset in the memory, oldest first (notify wakes in arrival order).</summary>
    private Dictionary<ulong, List<Waiter>>? _waiters;

    /// <summary><c>memory.atomic.wait32</c>: 0 when woken by a notify, 1 when the value differs from
    /// <paramref name="expected"/>, 2 when <paramref name="timeoutNs"/> (negative: forever) passes first.</summary>
    internal int Wait32(byte* address, int expected, long timeoutNs, Store? store)
    {
        if (!Type.Shared) throw new TrapException(TrapCode.ExpectedSharedMemory);
        lock (_waitLock)
        {
            if (Volatile.Read(ref *(int*)address) != expected) return 1;
            return Block((ulong)(address - Base), timeoutNs, store);
        }
    }

    /// <summary><c>memory.atomic.wait64</c>, as <see cref="Wait32"/>.</summary>
    internal int Wait64(byte* address, long expected, long timeoutNs, Store? store)
    {
        if (!Type.Shared) throw new TrapException(TrapCode.ExpectedSharedMemory);
        lock (_waitLock)
        {
            if (Volatile.Read(ref *(long*)address) != expected) return 1;
            return Block((ulong)(address - Base), timeoutNs, store);
        }
    }

    /// <summary><c>memory.atomic.notify</c>: wakes up to <paramref name="count"/> threads waiting on the address
    /// and returns how many it woke. An unshared memory never has waiters.</summary>
    internal int Notify(byte* address, uint count)
    {
        if (!Type.Shared) return 0;
        lock (_waitLock)
        {
            if (_waiters is null || !_waiters.TryGetValue((ulong)(address - Base), out var list)) return 0;
            var woken = (int)Math.Min(count, (uint)list.Count);
            for (var i = 0; i < woken; i++) list[i].Notified = true;
            list.RemoveRange(0, woken);
            if (list.Count == 0) _waiters.Remove((ulong)(address - Base));
            if (woken > 0) Monitor.PulseAll(_waitLock);
            return woken;
        }
    }

    /// <summary>How often a waiter of a store with epoch interruption looks at its deadline.</summary>
    private const int EpochPollMs = 10;

    /// <summary>With <see cref="_waitLock"/> held, queues the calling thread on <paramref name="offset"/> and
    /// blocks it until notified or out of time. Fuel does not bound the time a wait blocks; with
    /// <see cref="EngineConfig.EpochInterruption"/> the waiter traps like running code once its store's epoch
    /// deadline passes.</summary>
    private int Block(ulong offset, long timeoutNs, Store? store)
    {
        if (timeoutNs == 0) return 2;
        var waiter = new Waiter();
        _waiters ??= new Dictionary<ulong, List<Waiter>>();
        if (!_waiters.TryGetValue(offset, out var list)) _waiters.Add(offset, list = new List<Waiter>());
        list.Add(waiter);
        var start = Stopwatch.GetTimestamp();
        var epochs = store is not null && store.EngineRef.Config.EpochInterruption;
        while (!waiter.Notified)
        {
            if (epochs && Volatile.Read(ref store!.EngineRef.Epoch) >= store.EpochDeadline)
            {
                Dequeue(offset, list, waiter);
                throw new TrapException(TrapCode.Interrupted);
            }
            int waitMs;
            if (timeoutNs < 0) waitMs = Timeout.Infinite;
            else
            {
                var elapsedNs = (long)Stopwatch.GetElapsedTime(start).TotalNanoseconds;
                if (elapsedNs >= timeoutNs)
                {
                    Dequeue(offset, list, waiter);
                    return 2;
                }
                // Round up: waking early would only loop again.
                waitMs = (int)Math.Min((timeoutNs - elapsedNs + 999_999) / 1_000_000, int.MaxValue);
            }
            if (epochs && (waitMs == Timeout.Infinite || waitMs > EpochPollMs)) waitMs = EpochPollMs;
            Monitor.Wait(_waitLock, waitMs);
        }
        return 0;
    }

    private void Dequeue(ulong offset, List<Waiter> list, Waiter waiter)
    {
        list.Remove(waiter);
        if (list.Count == 0) _waiters!.Remove(offset);
    }
}
