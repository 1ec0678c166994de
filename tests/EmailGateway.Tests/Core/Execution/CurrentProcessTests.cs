using System.Diagnostics;
using EmailGateway.Execution;
using Xunit;

namespace EmailGateway.Tests.Core.Execution;

public class CurrentProcessTests
{
    [Fact]
    public void The_id_is_this_process_and_stays_the_same()
    {
        using var process = Process.GetCurrentProcess();

        Assert.Equal(process.Id, CurrentProcess.Id);
        Assert.Equal(CurrentProcess.Id, CurrentProcess.Id);
    }
}
