using Wasm.Model;

namespace Wasm.Compilation;

/// <summary>
/// Runs a piece of work for every function body of a module, on the calling thread and, for a module with enough
/// code on a machine with a core to spare, a second one. Bodies are handed out in chunks in index order; the first
/// failure stops the handing out past it, and the exception rethrown is the one of the lowest failing body, as a
/// single thread would report it.
/// </summary>
internal static class ParallelBodies
{
    /// <summary>Modules with at least this much code are worked on by two threads when the machine has the cores.</summary>
    internal const int MinCodeBytes = 32 * 1024;

    /// <summary>Calls <paramref name="work"/> for every body index, with a worker from
    /// <paramref name="newWorker"/> per thread (its argument: whether the thread is a helper); only on this
    /// thread unless <paramref name="shareable"/>.</summary>
    public static void ForEach<TWorker>(ModuleInfo module, Func<bool, TWorker> newWorker, Action<TWorker, int> work, bool shareable = true)
    {
        var queue = new Queue(module.Bodies.Count);
        if (shareable && Environment.ProcessorCount > 1 && module.CodeBytes() >= MinCodeBytes)
        {
            // The helper takes chunks from the same queue; if it starts late, this thread simply does more of them.
            ThreadPool.UnsafeQueueUserWorkItem(_ =>
            {
                if (!queue.Join()) return;
                try
                {
                    // Failures inside the work are recorded by body; one making the worker leaves all to this thread.
                    Drain(queue, newWorker(true), work);
                }
                catch (Exception)
                {
                }
                finally
                {
                    queue.Leave();
                }
            }, null);
        }
        Drain(queue, newWorker(false), work);
        queue.Close();
        if (queue.Failure is { } failure) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
    }

    private static void Drain<TWorker>(Queue queue, TWorker worker, Action<TWorker, int> work)
    {
        while (queue.TryTake(out var start, out var end))
        {
            for (var i = start; i < end; i++)
            {
                try
                {
                    work(worker, i);
                }
                catch (Exception e)
                {
                    queue.Fail(i, e);
                    return;
                }
            }
        }
    }

    private sealed class Queue(int count)
    {
        private const int Chunk = 8;
        private int _next;
        private int _failedAt = int.MaxValue;
        private int _helpers;
        private bool _closed;

        public Exception? Failure { get; private set; }

        public bool TryTake(out int start, out int end)
        {
            start = Interlocked.Add(ref _next, Chunk) - Chunk;
            end = Math.Min(start + Chunk, count);
            return start < count && start < Volatile.Read(ref _failedAt);
        }

        public void Fail(int index, Exception e)
        {
            lock (this)
            {
                if (index >= _failedAt) return;
                _failedAt = index;
                Failure = e;
            }
        }

        /// <summary>A helper thread arrives; false when the work is already closed.</summary>
        public bool Join()
        {
            lock (this)
            {
                if (_closed) return false;
                _helpers++;
                return true;
            }
        }

        public void Leave()
        {
            lock (this)
            {
                if (--_helpers == 0) Monitor.PulseAll(this);
            }
        }

        /// <summary>Turns away helpers that have not started and waits for those that have.</summary>
        public void Close()
        {
            lock (this)
            {
                _closed = true;
                while (_helpers > 0) Monitor.Wait(this);
            }
        }
    }
}
