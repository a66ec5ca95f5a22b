// The fixture site of the acceptance scenario, shared by the
// in-process test (tests/crawl/acceptance_test.cc) and the one through the
// real binary (tests/cli/crawl_cli_test.cc).
//
// An RSS feed (with ETag and Last-Modified) lists four French news pages:
// two in UTF-8, one in ISO-8859-1 declared nowhere (no charset in the HTTP
// Content-Type, no <meta>), and one under /abonnes/, which robots.txt
// disallows. Each page carries the chrome of a real news site (navigation,
// share buttons, related links, footer) around an article with figures and
// dates. AddFifthArticle publishes a new item.
#ifndef NEWSLINE_TESTS_CRAWL_ACCEPTANCE_SITE_H_
#define NEWSLINE_TESTS_CRAWL_ACCEPTANCE_SITE_H_

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "tests/crawl/fixture_site.h"

namespace newsline::testing {

struct AcceptanceArticle {
  std::string path;
  std::string title;
  std::string text_snippet;  // UTF-8, must appear in the extracted text
};

// UTF-8 → ISO-8859-1 for text whose code points are all below U+0100.
inline std::string ToLatin1(const std::string& utf8) {
  std::string out;
  for (size_t i = 0; i < utf8.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if ((c & 0xE0) == 0xC0 && i + 1 < utf8.size()) {
      out += static_cast<char>(((c & 0x1F) << 6) | (utf8[++i] & 0x3F));
    }
  }
  return out;
}

class AcceptanceSite {
 public:
  static constexpr char kFeedPath[] = "/rss/economie.xml";

  AcceptanceSite() {
    site_.Put("/robots.txt", {.body = "# Le Quotidien Fixture\nUser-agent: *\n"
                                      "Disallow: /abonnes/\nAllow: /\n",
                              .content_type = "text/plain"});
    Add({"/economie/airbus-livraisons.html", "Airbus a livré 67 avions en mai",
         "Airbus a livré 67 avions commerciaux en mai 2024"},
        Page("Airbus a livré 67 avions en mai",
             "<p>Airbus a livré 67 avions commerciaux en mai 2024, soit 12 % "
             "de plus qu'en mai 2023, a indiqué le constructeur mardi 4 juin."
             "</p><p>Depuis le début de l'année, le groupe a remis 270 "
             "appareils à ses clients. Son chiffre d'affaires du premier "
             "trimestre s'élevait à 12,8 milliards d'euros.</p>",
             "2024-06-04"),
        "text/html; charset=utf-8");
    // Latin-1, declared nowhere: decoding must detect it.
    Add({"/economie/banque-cession.html",
         "La Société Générale cède des actifs pour 2,5 milliards",
         "La Société Générale a cédé pour 2,5 milliards d'euros d'actifs"},
        ToLatin1(Page("La Société Générale cède des actifs pour 2,5 "
                      "milliards",
                      "<p>La Société Générale a cédé pour 2,5 milliards "
                      "d'euros d'actifs à la fin de mai 2024, a annoncé la "
                      "banque mercredi 5 juin à Paris.</p><p>Son bénéfice "
                      "net a progressé de 8 % sur un an, à 1,1 milliard "
                      "d'euros au premier trimestre. Les économistes "
                      "prévoient une hausse modérée en 2025.</p>",
                      "2024-06-05", /*charset=*/"")),
        "text/html");
    Add({"/abonnes/exclusif.html", "Exclusif : la fusion de l'été", "fusion"},
        Page("Exclusif : la fusion de l'été",
             "<p>Les deux groupes fusionneront le 1er juillet 2024 pour 4 "
             "milliards d'euros.</p>",
             "2024-06-05"),
        "text/html; charset=utf-8");
    Add({"/economie/sncf-resultats.html",
         "La SNCF transporte 5 % de voyageurs en plus",
         "La SNCF a transporté 5 % de voyageurs de plus"},
        Page("La SNCF transporte 5 % de voyageurs en plus",
             "<p>La SNCF a transporté 5 % de voyageurs de plus au premier "
             "semestre 2024 qu'un an plus tôt, a annoncé l'entreprise le 3 "
             "juin.</p><p>Le trafic des TGV a atteint 62 millions de "
             "voyageurs entre janvier et mai 2024.</p>",
             "2024-06-03"),
        "text/html; charset=utf-8");
    PublishFeed();
  }

  FixtureSite& server() { return site_; }
  std::string FeedUrl() const { return site_.Url(kFeedPath); }
  std::string DisallowedPath() const { return "/abonnes/exclusif.html"; }

  // The allowed articles published so far, sorted by URL.
  std::vector<std::string> AllowedUrls() const {
    std::vector<std::string> urls;
    for (const auto& a : articles_) {
      if (a.path != DisallowedPath()) urls.push_back(site_.Url(a.path));
    }
    std::sort(urls.begin(), urls.end());
    return urls;
  }
  // Paths of every page published so far, disallowed one excepted.
  std::vector<std::string> ArticlePaths() const {
    std::vector<std::string> paths;
    for (const auto& a : articles_) {
      if (a.path != DisallowedPath()) paths.push_back(a.path);
    }
    return paths;
  }
  const AcceptanceArticle& Expected(const std::string& url) const {
    for (const auto& a : articles_) {
      if (site_.Url(a.path) == url) return a;
    }
    static const AcceptanceArticle kNone;
    return kNone;
  }

  std::string FifthUrl() const {
    return site_.Url("/economie/renault-ventes.html");
  }
  void AddFifthArticle() {
    Add({"/economie/renault-ventes.html",
         "Renault : les ventes progressent de 7 % en mai",
         "Renault a vendu 145 000 véhicules en mai 2024"},
        Page("Renault : les ventes progressent de 7 % en mai",
             "<p>Renault a vendu 145 000 véhicules en mai 2024, en hausse de "
             "7 % sur un an, a annoncé le constructeur jeudi 6 juin.</p>"
             "<p>Le groupe vise une marge opérationnelle de 7,5 % en 2024."
             "</p>",
             "2024-06-06"),
        "text/html; charset=utf-8");
    ++version_;
    PublishFeed();
  }

 private:
  static std::string Page(const std::string& title, const std::string& body,
                          const std::string& date,
                          const std::string& charset = "utf-8") {
    return "<!DOCTYPE html>\n<html lang=\"fr\"><head>" +
           (charset.empty() ? std::string()
                            : "<meta charset=\"" + charset + "\">") +
           "<title>" + title +
           " | Le Quotidien Fixture</title>"
           "<meta property=\"article:published_time\" content=\"" +
           date +
           "T07:30:00+02:00\"></head><body>"
           "<header><nav><ul><li><a href=\"/\">Accueil</a></li><li><a "
           "href=\"/economie/\">Économie</a></li><li><a "
           "href=\"/abonnes/\">Abonnés</a></li></ul></nav></header>"
           "<main><article><h1>" +
           title + "</h1><p class=\"byline\">Par la rédaction, le " + date +
           "</p>" + body +
           "<div class=\"share\">Partager sur Facebook Partager sur X</div>"
           "</article><aside class=\"related\"><h2>À lire aussi</h2><ul><li>"
           "<a href=\"/economie/autre.html\">Les marchés reculent</a></li>"
           "</ul></aside></main><footer><p>© 2024 Le Quotidien Fixture. "
           "Mentions légales.</p></footer></body></html>\n";
  }

  void Add(AcceptanceArticle article, std::string body,
           std::string content_type) {
    site_.Put(article.path, {.body = std::move(body),
                             .content_type = std::move(content_type)});
    articles_.push_back(std::move(article));
  }

  void PublishFeed() {
    std::string xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">"
        "<channel><title>Le Quotidien Fixture - Économie</title><link>" +
        site_.Url("/economie/") + "</link>\n";
    for (auto it = articles_.rbegin(); it != articles_.rend(); ++it) {
      xml += "<item><title>" + it->title + "</title><link>" +
             site_.Url(it->path) +
             "?utm_source=rss&amp;utm_medium=feed</link><guid>" +
             site_.Url(it->path) + "</guid></item>\n";
    }
    xml += "</channel></rss>\n";
    site_.Put(
        kFeedPath,
        {.body = xml,
         .content_type = "application/rss+xml",
         .etag = "\"economie-" + std::to_string(version_) + "\"",
         .last_modified = version_ == 1 ? "Wed, 05 Jun 2024 08:00:00 GMT"
                                        : "Thu, 06 Jun 2024 08:00:00 GMT"});
  }

  FixtureSite site_;
  std::vector<AcceptanceArticle> articles_;
  int version_ = 1;
};

}  // namespace newsline::testing

#endif  // NEWSLINE_TESTS_CRAWL_ACCEPTANCE_SITE_H_
