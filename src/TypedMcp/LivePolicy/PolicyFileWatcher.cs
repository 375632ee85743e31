using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using TypedMcp.Policy;

namespace TypedMcp;

/// <summary>
/// Watches run-time policy files for their guards: one <see cref="FileSystemWatcher"/> per directory, shared by every
/// guard whose file is there, plus a slow poll of each file's size and time as a safety net (file systems and mounts
/// where change events are lost, or the watcher limit reached). Guards are held weakly: a guard nobody uses any more
/// is dropped, and a directory nobody watches any more is released.
/// </summary>
internal static class PolicyFileWatcher
{
    private static readonly object Gate = new();
    private static readonly Dictionary<string, FileSystemWatcher?> Directories = new(StringComparer.Ordinal);
    private static readonly List<PolicyFileSubscription> Subscriptions = new();
    private static Timer? _poll;

    /// <summary>How often every watched file's size and time are checked besides the change events (default 2 s).</summary>
    internal static TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Starts watching <paramref name="path"/> for <paramref name="guard"/>.</summary>
    public static PolicyFileSubscription Subscribe(string path, PolicyGuard guard, TimeSpan delay)
    {
        var subscription = new PolicyFileSubscription(Path.GetFullPath(path), guard, delay <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(1) : delay);
        lock (Gate)
        {
            Prune();
            Subscriptions.Add(subscription);
            if (!Directories.ContainsKey(subscription.Directory)) { Directories[subscription.Directory] = CreateWatcher(subscription.Directory); }
            _poll ??= new Timer(static _ => Poll(), null, PollInterval, PollInterval);
        }

        return subscription;
    }

    private static FileSystemWatcher? CreateWatcher(string directory)
    {
        try
        {
            var watcher = new FileSystemWatcher(directory)
            {
                // Every name: editors write a temporary file and rename it over the policy.
                Filter = "*",
                IncludeSubdirectories = false,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            watcher.Changed += (_, e) => Notify(directory, e.Name, null);
            watcher.Created += (_, e) => Notify(directory, e.Name, null);
            watcher.Deleted += (_, e) => Notify(directory, e.Name, null);
            watcher.Renamed += (_, e) => Notify(directory, e.Name, e.OldName);
            watcher.Error += (_, _) => Notify(directory, null, null);
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            // No events here (a missing directory, or the system's watcher limit): the poll still sees edits.
            return null;
        }
    }

    private static void Notify(string directory, string? name, string? oldName)
    {
        List<PolicyFileSubscription> matched;
        lock (Gate)
        {
            matched = new List<PolicyFileSubscription>();
            foreach (var s in Subscriptions)
            {
                if (!string.Equals(s.Directory, directory, StringComparison.Ordinal)) { continue; }

                // A lost event (name null) pokes every file of the directory.
                if (name is null || string.Equals(s.FileName, name, StringComparison.Ordinal) || string.Equals(s.FileName, oldName, StringComparison.Ordinal)) { matched.Add(s); }
            }
        }

        foreach (var s in matched) { s.Poke(); }
    }

    private static void Poll()
    {
        PolicyFileSubscription[] all;
        lock (Gate)
        {
            Prune();
            all = Subscriptions.ToArray();
        }

        foreach (var s in all) { s.PokeIfStampChanged(); }
    }

    // Drops subscriptions whose guard is gone, and watchers of directories nobody watches any more.
    private static void Prune()
    {
        for (var i = Subscriptions.Count - 1; i >= 0; i--)
        {
            if (!Subscriptions[i].IsAlive)
            {
                Subscriptions[i].Dispose();
                Subscriptions.RemoveAt(i);
            }
        }

        List<string>? unused = null;
        foreach (var directory in Directories.Keys)
        {
            if (!Subscriptions.Exists(s => string.Equals(s.Directory, directory, StringComparison.Ordinal))) { (unused ??= new List<string>()).Add(directory); }
        }

        if (unused is not null)
        {
            foreach (var directory in unused)
            {
                Directories[directory]?.Dispose();
                Directories.Remove(directory);
            }
        }

        if (Subscriptions.Count == 0 && _poll is not null)
        {
            _poll.Dispose();
            _poll = null;
        }
    }
}

/// <summary>
/// One guard's watched policy file. A change (event or poll) schedules a read once the file has been quiet for the
/// delay; the file is read only when its size and time did not move during the read (an editor still writing is
/// waited for), read errors are retried a few times (a rename in progress), and the text is applied only when it
/// differs from the policy in force. An unreadable result fails closed (the guard logs it once).
/// </summary>
internal sealed class PolicyFileSubscription : IDisposable
{
    private const int MaxAttempts = 5;
    private readonly WeakReference<PolicyGuard> _guard;
    private readonly TimeSpan _delay;
    private readonly object _gate = new();
    private readonly Timer _timer;
    private (DateTime Time, long Length)? _stamp;
    private int _attempts;
    private int _disposed;

    public PolicyFileSubscription(string path, PolicyGuard guard, TimeSpan delay)
    {
        FullPath = path;
        Directory = System.IO.Path.GetDirectoryName(path) ?? string.Empty;
        FileName = System.IO.Path.GetFileName(path);
        _guard = new WeakReference<PolicyGuard>(guard);
        _delay = delay;
        _stamp = Stamp();
        _timer = new Timer(static s => ((PolicyFileSubscription)s!).Fire(), this, Timeout.Infinite, Timeout.Infinite);
    }

    public string FullPath { get; }

    public string Directory { get; }

    public string FileName { get; }

    public bool IsAlive => Volatile.Read(ref _disposed) == 0 && _guard.TryGetTarget(out _);

    /// <summary>(Re)starts the quiet period: the file is read once nothing changed for the delay.</summary>
    public void Poke()
    {
        if (Volatile.Read(ref _disposed) != 0) { return; }
        try
        {
            _timer.Change(_delay, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Disposed meanwhile: nothing to read for.
        }
    }

    /// <summary>The poll: pokes when the file's size or time differ from the last read.</summary>
    public void PokeIfStampChanged()
    {
        (DateTime, long)? stamp = Stamp();
        bool changed;
        lock (_gate) { changed = !Nullable.Equals(stamp, _stamp); }
        if (changed) { Poke(); }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) { _timer.Dispose(); }
    }

    private void Fire()
    {
        if (!_guard.TryGetTarget(out var guard)) { Dispose(); return; }
        if (!Monitor.TryEnter(_gate)) { Poke(); return; }
        try
        {
            var before = Stamp();
            string text;
            try
            {
                text = File.ReadAllText(FullPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A rename or save in progress looks like this for a moment: try again, then fail closed.
                if (++_attempts < MaxAttempts) { Poke(); return; }
                _attempts = 0;
                _stamp = before;
                guard.ApplyWatchedPolicy(PolicyDocument.DenyAll($"The run-time policy file '{FullPath}' cannot be read after it changed ({e.GetType().Name}: {e.Message}); every tool call is denied until it can be read.", FullPath));
                return;
            }

            var after = Stamp();
            if (!Nullable.Equals(before, after))
            {
                // Still being written: wait for quiet.
                Poke();
                return;
            }

            _attempts = 0;
            _stamp = after;
            guard.ApplyWatchedPolicy(text);
        }
        finally
        {
            Monitor.Exit(_gate);
        }
    }

    private (DateTime, long)? Stamp()
    {
        try
        {
            var info = new FileInfo(FullPath);
            return info.Exists ? (info.LastWriteTimeUtc, info.Length) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
