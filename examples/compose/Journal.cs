using ComposeExample.Wit.Example.Compose;
using Wasm.Components.Bindings;

namespace ComposeExample;

/// <summary>The host's side of <c>example:compose/journal</c>: entries and accounts live in C#.</summary>
public sealed class JournalHost(TextWriter log) : IJournal
{
    private readonly TextWriter _log = log;
    private readonly List<Journal.Entry> _entries = new();

    /// <summary>Accounts handed to the guest and not yet dropped or closed.</summary>
    public int OpenAccounts { get; private set; }

    public IJournal.IAccount CreateAccount(string owner)
    {
        _log.WriteLine($"[c#] open account {owner}");
        OpenAccounts++;
        return new Account(this, owner);
    }

    public Result<uint, string> RecordEntry(Journal.Entry e)
    {
        if (e.Message.Length == 0) return Result.Err<uint, string>($"empty message from {Describe(e.Origin)}");
        _entries.Add(e);
        return Result.Ok<uint, string>((uint)_entries.Count);
    }

    private static string Describe(Journal.Origin origin) => origin switch
    {
        Journal.Origin.TextTools(var words) => $"the text tools ({words} words)",
        Journal.Origin.Script => "a script",
        _ => throw new ArgumentOutOfRangeException(nameof(origin)),
    };

    public IReadOnlyList<Journal.Entry> Entries()
    {
        var newestFirst = new Journal.Entry[_entries.Count];
        for (int i = 0; i < newestFirst.Length; i++) newestFirst[i] = _entries[_entries.Count - 1 - i];
        return newestFirst;
    }

    public string Close(IJournal.IAccount a)
    {
        var account = (Account)a;
        string summary = $"{account.Owner}: {account.Balance} in {account.Deposits.Count} deposits";
        account.Dispose();
        return summary;
    }

    /// <summary>An account object; the guest holds a handle to it until it drops the handle or closes it.</summary>
    private sealed class Account(JournalHost host, string owner) : IJournal.IAccount, IDisposable
    {
        private bool _closed;

        public string Owner => owner;
        public int Balance { get; private set; }
        public List<int> Deposits { get; } = new();

        public int Deposit(int amount)
        {
            Deposits.Add(amount);
            return Balance += amount;
        }

        public int[] History() => Deposits.ToArray();

        // Runs when the guest drops its handle (the bindings dispose the object) or when Close consumed it.
        public void Dispose()
        {
            if (_closed) return;
            _closed = true;
            host.OpenAccounts--;
            host._log.WriteLine($"[c#] closed account {owner} at {Balance}");
        }
    }
}
