namespace Atrium.Platform.Accounts;

public static class AccountProfileModel
{
    public const string ViewSchema = "accounts";
    public const string ViewName = "profiles";

    /// <summary>Maps the read-only profile view into a module's model (excluded from its migrations).</summary>
    public static void MapAccountProfiles(this ModelBuilder modelBuilder) =>
        modelBuilder.Entity<AccountProfile>(b =>
        {
            b.ToView(ViewName, ViewSchema);
            b.HasKey(p => p.Id);
        });
}
