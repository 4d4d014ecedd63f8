/// The gifts list and the campaigns page.
enum GivingTemplates {
    /// The latest gifts, optionally of one campaign.
    static let gifts = """
        {{<layout}}{{$main}}
        <h1>{{t.gifts}}</h1>
        <form method="get" action="/gifts" class="inline wrap">
          <label for="gift-campaign">{{t.campaign}}</label>
          <select id="gift-campaign" name="campaign"><option value="">{{t.any}}</option>{{#campaigns}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/campaigns}}</select>
          <button type="submit">{{t.filter}}</button>
        </form>
        {{#hasGifts}}
        <table class="list" id="gifts">
          <thead><tr><th scope="col">{{t.date}}</th><th scope="col">{{t.name}}</th><th scope="col">{{t.amount}}</th><th scope="col">{{t.channel}}</th><th scope="col">{{t.status}}</th></tr></thead>
          <tbody>{{#gifts}}<tr><td>{{date}}</td><td>{{#donorId}}<a href="/people/{{donorId}}">{{donor}}</a>{{/donorId}}</td><td>{{amount}}</td><td>{{channel}}</td><td>{{status}}</td></tr>{{/gifts}}</tbody>
        </table>
        {{/hasGifts}}
        {{^hasGifts}}<p class="empty">{{t.no_gifts}}</p>{{/hasGifts}}
        {{#nextPage}}<p><a href="{{nextPage}}" rel="next">{{t.next_page}}</a></p>{{/nextPage}}
        {{/main}}{{/layout}}
        """

    /// Campaigns with their goal, and a form for a new one.
    static let campaigns = """
        {{<layout}}{{$main}}
        <h1>{{t.campaigns}}</h1>
        <table class="list" id="campaigns">
          <thead><tr><th scope="col">{{t.name}}</th><th scope="col">{{t.code}}</th><th scope="col">{{t.goal}}</th><th scope="col"></th></tr></thead>
          <tbody>{{#campaigns}}<tr><td>{{name}}</td><td>{{code}}</td><td>{{goal}}</td><td><a href="/gifts?campaign={{id}}">{{t.gifts}}</a></td></tr>{{/campaigns}}</tbody>
        </table>
        {{#nextPage}}<p><a href="{{nextPage}}" rel="next">{{t.next_page}}</a></p>{{/nextPage}}
        {{#canWrite}}
        <form method="post" action="/campaigns" class="card narrow">
          <input type="hidden" name="_csrf" value="{{chrome.csrf}}">
          <h2>{{t.new_campaign}}</h2>
          <label for="campaign-name">{{t.name}}</label><input id="campaign-name" name="name" required maxlength="200">
          <label for="campaign-code">{{t.code}}</label><input id="campaign-code" name="code" maxlength="50">
          <label for="campaign-goal">{{t.goal}}</label><input id="campaign-goal" name="goal" inputmode="decimal" pattern="[0-9]+([.,][0-9]{1,2})?">
          <label for="campaign-currency">{{t.currency}}</label><input id="campaign-currency" name="currency" value="{{currency}}" maxlength="3">
          <button type="submit" class="primary" id="create-campaign">{{t.create}}</button>
        </form>
        {{/canWrite}}
        {{/main}}{{/layout}}
        """
}
