using System.Diagnostics;
using System.Globalization;
using EmailGateway.Lab.World;

namespace EmailGateway.Appliance;

/// <summary>
/// The lab state file shared by every appliance process: opened under an exclusive lock (a sibling
/// .lock file, since saving replaces the state file), advanced to scaled real time, saved after the change.
/// </summary>
internal sealed class LabStateStore
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(60);

    public LabStateStore(string statePath)
    {
        StatePath = Path.GetFullPath(statePath);
        LockPath = StatePath + ".lock";
    }

    public string StatePath { get; }
    public string LockPath { get; }

    /// <summary>Runs <paramref name="action"/> on the lab at the current scaled time; saves when it reports a change.</summary>
    public T Use<T>(Func<LabWorld, (T Result, bool Changed)> action)
    {
        using var held = AcquireLock(exclusive: true);
        var world = LabWorld.Load(StatePath);
        var before = world.Elapsed;
        AdvanceToRealTime(world);
        var (result, changed) = action(world);
        if (changed || world.Elapsed != before) world.Save(StatePath);
        return result;
    }

    /// <summary>
    /// Answers a query that changes nothing but time, under a shared lock so appliances answer in parallel.
    /// Lab time is advanced in memory and not saved: the lab is a deterministic function of time, so the next
    /// writer replays the same events. A query that would replay much lab time, or that <paramref name="mustWrite"/>
    /// says changes the lab, runs as a writer instead, and saves only if that still holds under the exclusive
    /// lock: readers that queued behind the one that saved the replayed time do not each save it again.
    /// </summary>
    public T Query<T>(Func<LabWorld, bool> mustWrite, Func<LabWorld, T> query)
    {
        using (AcquireLock(exclusive: false))
        {
            var world = LabWorld.Load(StatePath);
            if (!AdvanceAndDecide(world, mustWrite)) return query(world);
        }
        using (AcquireLock(exclusive: true))
        {
            var world = LabWorld.Load(StatePath);
            var save = AdvanceAndDecide(world, mustWrite);
            var result = query(world);
            if (save) world.Save(StatePath);
            return result;
        }
    }

    /// <summary>Advances the lab to now; true when the answer must be saved (a long replay, or a query that changes the lab).</summary>
    private static bool AdvanceAndDecide(LabWorld world, Func<LabWorld, bool> mustWrite)
    {
        var before = world.Elapsed;
        AdvanceToRealTime(world);
        return world.Elapsed - before > MaxUnsavedReplay || mustWrite(world);
    }

    /// <summary>Reads the lab as saved (no time advance, no save), under a shared lock for a consistent file.</summary>
    public LabWorld Read()
    {
        using var held = AcquireLock(exclusive: false);
        return LabWorld.Load(StatePath);
    }

    /// <summary>How much lab time a reader may replay without saving it.</summary>
    private static readonly TimeSpan MaxUnsavedReplay = TimeSpan.FromMinutes(10);

    public static void AdvanceToRealTime(LabWorld world)
    {
        var notes = world.Annotations;
        if (!notes.TryGetValue(ApplianceAnnotations.RealAnchor, out var realText)
            || !notes.TryGetValue(ApplianceAnnotations.LabAnchor, out var labText)
            || !notes.TryGetValue(ApplianceAnnotations.TimeScale, out var scaleText))
            return;
        var realAnchor = DateTimeOffset.Parse(realText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        var labAnchor = DateTimeOffset.Parse(labText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        var scale = double.Parse(scaleText, CultureInfo.InvariantCulture);
        var realElapsed = DateTimeOffset.UtcNow - realAnchor;
        if (realElapsed <= TimeSpan.Zero) return;
        world.AdvanceTo(labAnchor + TimeSpan.FromTicks((long)(realElapsed.Ticks * scale)));
    }

    /// <summary>An advisory lock on the sibling .lock file: exclusive for writers, shared for readers (flock on Unix).</summary>
    private FileStream AcquireLock(bool exclusive)
    {
        var watch = Stopwatch.StartNew();
        var delay = 1;
        while (true)
        {
            try
            {
                // On Unix .NET takes flock(LOCK_EX) for FileShare.None and flock(LOCK_SH) otherwise.
                return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, exclusive ? FileShare.None : FileShare.ReadWrite, 1, FileOptions.None);
            }
            catch (IOException) when (watch.Elapsed < LockTimeout)
            {
                Thread.Sleep(delay);
                delay = Math.Min(delay * 2, 20);
            }
        }
    }
}
