namespace EmailGateway.Smtp.Spf
{
    /// <summary>The results of RFC 7208 check_host() (section 2.6).</summary>
    public enum SpfResult
    {
        None,
        Neutral,
        Pass,
        Fail,
        SoftFail,
        TempError,
        PermError,
    }
}
