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
        using var held = AcquireLock();
        var world = LabWorld.Load(StatePath);
        var before = world.Elapsed;
        AdvanceToRealTime(world);
        var (result, changed) = action(world);
        if (changed || world.Elapsed != before) world.Save(StatePath);
        return result;
    }

    /// <summary>Reads the lab without changing it (no time advance, no save), still under the lock for a consistent file.</summary>
    public LabWorld Read()
    {
        using var held = AcquireLock();
        return LabWorld.Load(StatePath);
    }

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

    private FileStream AcquireLock()
    {
        var watch = Stopwatch.StartNew();
        var delay = 1;
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive advisory lock on Unix (flock) and a sharing lock on Windows.
                return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException) when (watch.Elapsed < LockTimeout)
            {
                Thread.Sleep(delay);
                delay = Math.Min(delay * 2, 20);
            }
        }
    }
}
