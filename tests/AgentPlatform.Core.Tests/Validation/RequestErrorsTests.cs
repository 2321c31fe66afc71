using AgentPlatform.Validation;

namespace AgentPlatform.Tests.Api;

/// <summary>The request rules every endpoint and tool shares: what each kind of value must be, and the text naming the
/// field and the limit when it is not.</summary>
public sealed class RequestErrorsTests
{
    [Theory]
    [InlineData(null, true, "agentId is required.")]
    [InlineData(" ", true, "agentId is required.")]
    [InlineData("\u200B", true, "agentId is required.")]
    [InlineData(" ", false, "agentId must not be blank; leave it out instead.")]
    [InlineData("a\u0000b", false, "agentId must not contain control characters.")]
    [InlineData("a\tb", false, "agentId must not contain control characters.")]
    [InlineData("x\uFFFF", false, "agentId must not contain Unicode noncharacters such as U+FFFF")]
    public void An_id_is_present_visible_and_a_label(string? value, bool required, string expected)
    {
        var errors = new RequestErrors();
        errors.Id("agentId", value, required);
        Assert.Equal(expected.TrimEnd('.'), Assert.Single(Assert.Single(errors).Value).TrimEnd('.'));
    }

    [Fact]
    public void An_id_of_the_longest_length_passes_and_one_more_character_names_the_limit()
    {
        var errors = new RequestErrors();
        Assert.Equal("a".PadRight(TextRules.MaxIdLength, 'a'), errors.Id("a", new string('a', TextRules.MaxIdLength), required: true));
        Assert.Equal(0, errors.Count);
        errors.Id("userId", new string('a', TextRules.MaxIdLength + 1), required: false);
        Assert.Equal("userId is longer than 128 characters.", Assert.Single(errors.ToDictionary()["userId"]));
    }

    [Fact]
    public void Free_text_keeps_tabs_and_line_breaks_that_a_label_refuses()
    {
        var errors = new RequestErrors();
        errors.Text("content", "line\nbreak\tand tab", 100, required: true);
        errors.Label("title", "line\nbreak", 100, required: true);
        Assert.Equal(["title"], errors.Select(e => e.Key));
    }

    [Fact]
    public void The_first_error_of_a_field_is_kept_and_every_field_is_named()
    {
        var errors = new RequestErrors();
        var page = errors.Page(-1, 0);
        errors.Add("offset", "a later reason");
        errors.Window("from", DateTimeOffset.UnixEpoch.AddDays(1), "to", DateTimeOffset.UnixEpoch);
        errors.Past("createdAt", DateTimeOffset.UnixEpoch.AddDays(-1), DateTimeOffset.UnixEpoch.AddDays(2));
        var all = errors.ToDictionary();
        Assert.Equal(["offset must be 0 or more."], all["offset"]);
        Assert.Equal(["limit must be between 1 and 500."], all["limit"]);
        Assert.Equal(["from is after to."], all["from"]);
        Assert.StartsWith("createdAt 1969-12-31", all["createdAt"][0]);
        Assert.Equal(0, page.Offset);
    }

    [Theory]
    [InlineData("Completed", true)]
    [InlineData("abandoned", true)]
    [InlineData("1", false)]
    [InlineData("Completed, Abandoned", false)]
    public void An_enum_is_a_name_in_any_case_never_a_number_or_a_combination(string value, bool accepted)
    {
        var errors = new RequestErrors();
        var parsed = errors.Enum<AgentPlatform.Contracts.SessionStatus>("status", value);
        Assert.Equal(accepted, parsed is not null);
        Assert.Equal(accepted ? 0 : 1, errors.Count);
        if (!accepted) Assert.Equal("status must be one of active, completed, abandoned.", errors.ToDictionary()["status"][0]);
    }
}
