using EmailGateway.Smtp.Dns;
using EmailGateway.Smtp.Tests.Dns;

namespace EmailGateway.Smtp.Tests.Spf.Conformance;

/// <summary>
/// <c>spf-suite FILE</c>: runs a conformance file (ours, or the public OpenSPF RFC 7208 suite as published) twice,
/// through the in-memory zone and through <see cref="DnsClientResolver"/> against loopback servers, and prints each
/// difference and the counts. For the public file it also names the public cases our own file does not cover.
/// </summary>
public static class ConformanceCommand
{
    public static async Task<int> RunAsync(string path)
    {
        var sections = ConformanceFile.Read(path);
        var cases = sections.SelectMany(s => s.Cases).ToList();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(10));

        var memoryFailures = 0;
        foreach (var spfCase in cases)
        {
            var (evaluation, difference) = await ConformanceRunner.RunAsync(spfCase, spfCase.Section.Zone, cancel.Token);
            if (difference != null) { memoryFailures++; Console.WriteLine($"  in-memory  FAIL {ConformanceRunner.Describe(spfCase)}: {difference}"); }
            else if (evaluation.Result != spfCase.Expected[0]) Console.WriteLine($"  in-memory  note {spfCase.Id}: {evaluation.Result}, allowed, where {spfCase.Expected[0]} is preferred");
        }

        var wireFailures = 0;
        using var servers = new ZoneServers();
        foreach (var spfCase in cases)
        {
            var served = servers.For(spfCase.Section.Zone);
            var (evaluation, difference) = await ConformanceRunner.RunAsync(spfCase, ConformanceRunner.WireResolver(served.EndPoint), cancel.Token);
            if (difference != null) { wireFailures++; Console.WriteLine($"  DnsClient  FAIL {ConformanceRunner.Describe(spfCase)} via {served.Kind}: {difference}"); }
            else if (evaluation.Result != spfCase.Expected[0]) Console.WriteLine($"  DnsClient  note {spfCase.Id}: {evaluation.Result}, allowed, where {spfCase.Expected[0]} is preferred");
        }
        var kinds = servers.Started.GroupBy(s => s.Kind.Split(' ')[0]).Select(g => $"{g.Count()} on {g.Key}");

        Console.WriteLine($"in-memory zone: {cases.Count - memoryFailures} of {cases.Count} passed");
        Console.WriteLine($"DnsClientResolver: {cases.Count - wireFailures} of {cases.Count} passed ({sections.Count} zones: {string.Join(", ", kinds)})");
        var covered = ConformanceFile.Own().SelectMany(s => s.Cases).Select(c => c.Covers).ToHashSet();
        var uncovered = cases.Select(c => c.Id).Where(id => !covered.Contains(id)).ToList();
        if (cases.All(c => c.Covers == c.Id))
            Console.WriteLine($"our own cases cover {cases.Count - uncovered.Count} of these {cases.Count}" + (uncovered.Count > 0 ? ": not " + string.Join(", ", uncovered) : string.Empty));
        return memoryFailures + wireFailures == 0 ? 0 : 1;
    }
}
