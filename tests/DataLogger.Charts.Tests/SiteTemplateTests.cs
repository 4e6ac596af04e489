using DataLogger.Charts.Site;

namespace DataLogger.Charts.Tests;

/// <summary>The site's templates: a placeholder without a value, or a value without a placeholder, is refused.</summary>
public sealed class SiteTemplateTests
{
    [Fact]
    public void Placeholders_are_replaced_once_and_values_are_not_read_as_templates()
    {
        var template = SiteTemplate.Parse("t.html", "<h1>{{title}}</h1>\r\n<p>{{title}} at {{time}}</p>");
        Assert.Equal("<h1>Pool {{time}}</h1>\n<p>Pool {{time}} at 12:00</p>", template.Fill(("title", "Pool {{time}}"), ("time", "12:00")));
    }

    [Fact]
    public void A_missing_or_an_unknown_value_is_refused_with_the_template_and_the_name()
    {
        var template = SiteTemplate.Parse("t.html", "<h1>{{title}}</h1>");
        Assert.Contains("t.html needs a value for {{title}}", Assert.Throws<ArgumentException>(() => template.Fill()).Message);
        Assert.Contains("t.html has no {{subtitle}}", Assert.Throws<ArgumentException>(() => template.Fill(("title", "Pool"), ("subtitle", "x"))).Message);
    }

    [Theory]
    [InlineData("head.html", "refresh,style,title")]
    [InlineData("page.html", "alerts,downloads,footer,forecast,head,notes,now,picture,records,stale,stats,tabs,title,up")]
    [InlineData("overview.html", "balance,footer,head,heading,series,tests")]
    [InlineData("site.css", "top")]
    public void The_templates_ship_in_the_assembly_with_their_placeholders(string name, string placeholders)
    {
        var template = SiteTemplate.Named(name);
        var values = placeholders.Split(',').Select(p => (p, $"[{p}]")).ToArray();
        var text = template.Fill(values);
        Assert.All(values, v => Assert.Contains(v.Item2, text));
        Assert.DoesNotContain("{{", text);
    }
}
