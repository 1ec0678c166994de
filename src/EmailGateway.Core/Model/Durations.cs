using System;

namespace EmailGateway.Model
{
    /// <summary>
    /// Durations as output objects and reports carry them: seconds to the millisecond, so they serialise as
    /// plain numbers (a TimeSpan would be written as a dozen nested fields).
    /// </summary>
    public static class Durations
    {
        public static double Seconds(TimeSpan value) => Math.Round(value.TotalSeconds, 3);
    }
}
