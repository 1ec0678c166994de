using System;

namespace EmailGateway.Smtp.Spf
{
    /// <summary>Ends an evaluation early with temperror or permerror (limits, DNS failures, bad syntax).</summary>
    internal sealed class SpfException : Exception
    {
        public SpfException(SpfResult result, string reason) : base(reason)
        {
            Result = result;
        }

        public SpfResult Result { get; }

        public static SpfException Perm(string reason) => new SpfException(SpfResult.PermError, reason);
        public static SpfException Temp(string reason) => new SpfException(SpfResult.TempError, reason);
    }
}
