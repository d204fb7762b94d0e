"""Furniture phrases in languages other than English, for the phrase rules (rules.py).

Page furniture says the same few things on every news site of a language: a donation
appeal, a newsletter prompt, a cookie banner, "read more", "related articles", comments,
share buttons, log-in links, "all rights reserved". rules.py holds the English phrases
and a first handful of others; this module holds the rest, per rule (`EXTRA`, the key
is the rule's slot in rules.RULES), in German, French, Spanish, Italian, Portuguese,
Dutch, Russian and Polish (the languages of trafilatura's evaluation pages after
English), with a few Swedish, Danish, Norwegian, Czech, Turkish and Ukrainian ones.

Written as rules.py writes them: lower case (lines are lower-cased, NFKC-normalised,
quotes and dashes unified before matching: ’ is ', « » are "), anchored as the English
phrase of the same rule is (a whole short line for headings and buttons; anywhere in
the line for a prompt's sentence). rules.py finds by
itself which literal words each pattern needs, and tries a pattern only on lines that
hold one of them (speed).

Only the vocabulary of furniture, never a site's own wording; a phrase that also
occurs in prose ("Spenden" in a story about donations) is written with the words around
it that make it a prompt ("jetzt spenden", "ihre spende").
"""
from __future__ import annotations

EXTRA: dict[str, tuple[str, ...]] = {
    # advertisement labels and "continue reading" buttons (whole line)
    "debris": (
        r"^(anzeigen?|gesponsert|sponsored by|präsentiert von|advertorial|werbemitteilung|"
        r"sponsorisé|contenu sponsorisé|publi-?reportage|contenu partenaire|en partenariat avec|"
        r"patrocinado|contenido patrocinado|publirreportaje|contenuto sponsorizzato|sponsorizzato|"
        r"conteúdo patrocinado|patrocínio|advertentie|gesponsord|"
        r"партнерский материал|партнёрский материал|на правах рекламы|"
        r"artykuł sponsorowany|materiał sponsorowany|reklam|annonse|mainos|inzerce)$",
        r"^(weiterlesen|weiter lesen|mehr lesen|artikel weiterlesen|weiter nach der (anzeige|werbung)|"
        r"(der )?artikel (geht|wird) (nach|unter) (der|dieser) (anzeige|werbung) weiter|"
        r"lire la suite|la suite après (la|cette) publicité|la suite sous cette publicité|"
        r"seguir leyendo|sigue leyendo|continuar leyendo|(el )?artículo continúa (debajo|tras)( de)? (la|el) (publicidad|anuncio)|"
        r"continua a leggere|continua la lettura|prosegui la lettura|continuar lendo|continue lendo|"
        r"verder lezen|lees verder|читать далее|читать дальше|подробнее|czytaj dalej|"
        r"läs mer|læs mere|les mer|čtěte dále|devamını oku|читати далі)( »| ›| >|…|\.\.\.)?$",
    ),
    # player controls and "listen to this article"
    "media": (
        r"^(video|audio) (abspielen|starten|ansehen|anhören)$|^(jetzt )?(anhören|ansehen)$",
        r"^(artikel|beitrag) (vorlesen|anhören)( lassen)?$|^(écouter|lire) (cet|l')article$|"
        r"^escuchar (este artículo|la noticia|el artículo)$|^ascolta (l'articolo|questo articolo)$|"
        r"^ouvir (este |o )?artigo$|^(artikel )?beluisteren$|^(прослушать|слушать) (статью|новость)$|"
        r"^(odsłuchaj|posłuchaj) (artykułu|artykuł)$",
        r"^(regarder|écouter|voir|ver|mirar|guarda|assistir|bekijk|смотреть|oglądaj)( la| el| il| o| de)? (vidéo|video|vídeo)$",
        r"^(lecture|wiedergabe|reproducir|riproduci|reproduzir|afspelen|воспроизвести|odtwórz)$",
        r"dieses video (ist|kann) (nicht verfügbar|nicht abgespielt)|cette vidéo (n'est pas disponible|ne peut pas être lue)|"
        r"este vídeo no está disponible|questo video non è disponibile|este vídeo não está disponível|"
        r"видео (недоступно|не может быть воспроизведено)",
    ),
    "newsletter": (
        # German
        r"newsletter (abonnieren|bestellen|anmelden)|(zum|für unseren?|für den) newsletter (an|anmelden|registrieren)|"
        r"melden sie sich (jetzt )?(kostenlos )?(für|zu|zum) (unseren?|dem|den) .{0,30}newsletter|"
        r"(direkt |bequem |jeden morgen )?in ihr (e-mail-)?postfach|^(ihre )?e-mail-adresse( eingeben)?\*?$|"
        r"benachrichtigungen (aktivieren|erhalten|einschalten)",
        # French
        r"inscrivez-vous (gratuitement )?(à|a) (notre|la|nos) (newsletter|lettre|lettres)|"
        r"(recevez|recevoir) (gratuitement )?(notre|la|nos|les) (newsletter|lettre d'information|alertes)|"
        r"s'inscrire (à|a) (la|notre) newsletter|dans votre boîte (mail|e-?mail|aux lettres|de réception)|"
        r"^(votre )?(adresse )?(e-?mail|courriel)\*?$|activez les notifications|recevoir les notifications",
        # Spanish
        r"suscr[ií]bete (gratis )?(a|al|en) (nuestro |nuestra |la |el )?(newsletter|bolet[ií]n|lista)|"
        r"(recibe|recibir) (gratis )?(nuestro|nuestra|el|la|las|nuestros) (newsletter|bolet[ií]n|noticias en tu)|"
        r"en tu bandeja de entrada|(directamente|cada (día|semana|mañana)) en tu (correo|email)|^(tu )?(correo electrónico|e-?mail)\*?$|activa las notificaciones",
        # Italian
        r"iscriviti (gratis )?(alla|alle) (nostra |nostre )?newsletter|ricevi (la nostra|le nostre|la) newsletter|"
        r"nella tua casella (di posta|email)|direttamente nella tua (email|casella)|^(il tuo )?indirizzo (e-?mail|di posta)\*?$|attiva le notifiche",
        # Portuguese
        r"(inscreva-se|subscreva|cadastre-se|assine) (na|a|em nossa|a nossa) newsletter|"
        r"receba (a nossa|nossa|as|a) newsletter|na sua caixa de (entrada|e-?mail)|^(o )?(seu|teu) e-?mail\*?$|"
        r"ative as notificações",
        # Dutch
        r"(meld je aan|schrijf je in|abonneer je) (voor|op) (de|onze) nieuwsbrief|ontvang (de|onze) nieuwsbrief|"
        r"^(onze |de )?nieuwsbrief$|in je (inbox|mailbox)|^(je |uw )?e-?mailadres\*?$|zet meldingen aan",
        # Russian, Ukrainian
        r"подпи(шитесь|саться) на (нашу |еженедельную |ежедневную )?(рассылку|новостную рассылку|наш канал|наш телеграм)|"
        r"на (вашу|свою) (почту|электронную почту)|^(ваш )?(e-?mail|адрес электронной почты)\*?$|включите уведомления|"
        r"підпи(шіться|сатися) на (нашу )?розсилку",
        # Polish, Czech, Swedish, Danish, Norwegian, Turkish
        r"zapisz się (do|na) (naszego )?newslettera?|na (twoją|swoją) skrzynkę|^(twój )?(adres )?e-?mail\*?$|"
        r"włącz powiadomienia|přihlaste se k odběru|prenumerera på (vårt )?nyhetsbrev|tilmeld dig (vores )?nyhedsbrev|"
        r"meld deg på (vårt )?nyhetsbrev|bültenimize (abone olun|kaydolun)",
    ),
    "appeal-short": (
        r"^(unterstützen sie (uns|unsere|unabhängigen)|jetzt unterstützen$|unterstütze uns|soutenez(-nous| notre| le journal)|"
        r"apoya (nuestro|el periodismo)|apóyanos|sostieni (il nostro|l'informazione|la nostra)|sostienici|"
        r"apoie (o nosso|nosso|a nossa|o jornalismo)|steun (ons|onze)|поддержите (нас|наш|редакцию|проект|независим)|"
        r"wesprzyj (nas|naszą|nasze)|stöd oss|støt os|støtt oss|podpořte (nás|nezávislou))",
    ),
    "appeal": (
        # German
        r"\b(jetzt spenden|spenden sie (jetzt|uns|heute)|mit ihrer spende (unterstützen|helfen|ermöglichen)|"
        r"jetzt (abonnieren|abo abschließen|freischalten)|abo abschließen|"
        r"(weiterlesen|lesen sie weiter) mit (dem |ihrem )?(abo|plus|digital)|"
        r"(dieser|der) (artikel|beitrag|inhalt) ist (nur |exklusiv )?für (abonnent|abonnentinnen|abonnenten|plus-|digital-)|"
        r"bereits abonnent|schon abonnent|freiwillig (bezahlen|unterstützen))",
        # French
        r"\b(faites un don|je fais un don|abonnez-vous|déjà abonné|"
        r"(cet|l') article est réservé aux abonnés|réservé aux abonnés|(lisez|lire) la suite en vous abonnant|"
        r"offre d'abonnement|je m'abonne)",
        # Spanish, Portuguese
        r"\b(haz una donación|dona ahora|hazte (socio|socia|suscriptor|suscriptora|miembro|mecenas)|"
        r"suscr[ií]bete (ahora|ya|por|desde|hoy)|ya eres suscriptor|contenido (exclusivo )?para suscriptores|"
        r"faça uma doação|doe agora|assine (já|agora)|já é assinante|conteúdo exclusivo para assinantes|"
        r"torne-se (assinante|membro))",
        # Italian, Dutch
        r"\b(fai una donazione|dona ora|abbonati (ora|subito)|sei già abbonato|"
        r"(articolo|contenuto) riservato agli abbonati|diventa (abbonato|sostenitore)|"
        r"word (lid|abonnee|donateur|vriend)|neem een abonnement|al abonnee|doneer (nu|vandaag)|"
        r"steun (onze journalistiek|ons werk))",
        # Russian, Polish, Swedish, Czech
        r"(оформите подписку|поддержите (нас|редакцию|проект|независим)|сделайте пожертвование|"
        r"уже подписаны|только для подписчиков|przekaż darowiznę|wykup (dostęp|subskrypcję|prenumeratę)|"
        r"masz już (konto|subskrypcję|prenumeratę)|dla (prenumeratorów|subskrybentów)|zostań patronem|"
        r"bli prenumerant|redan prenumerant|staňte se předplatitelem)",
    ),
    "comments": (
        r"^(\d+\s+)?(leserkommentare|kommentare|kommentar|commentaires?|comentarios?|comentários?|commenti|commento|"
        r"reacties?|комментарии|комментариев|комментарий|коментарі|komentarze|komentarzy|komentář[eů]?|kommentarer|"
        r"kommentarer|yorum(lar)?)(\s*\(\d+\))?( anzeigen| lesen| laden| afficher| ver| mostra| zobacz)?:?$",
        r"^(kommentar (schreiben|verfassen|abgeben|hinzufügen)|(jetzt )?kommentieren|diskutieren sie mit|"
        r"laisser un commentaire|ajouter un commentaire|écrire un commentaire|réagissez|réagir à cet article|"
        r"deja (un|tu) comentario|escribe (un|tu) comentario|añadir comentario|lascia un commento|scrivi un commento|"
        r"aggiungi un commento|deixe (um|seu|o seu) comentário|escreva (um|seu) comentário|"
        r"laat een reactie achter|plaats een reactie|schrijf een reactie|reageer( op dit artikel)?|"
        r"оставить комментарий|оставьте комментарий|написать комментарий|добавить комментарий|"
        r"dodaj komentarz|napisz komentarz|skomentuj|lämna en kommentar|skriv en kommentar|yorum yap)(\s*[:(].{0,20})?$",
        r"(um zu kommentieren|zum kommentieren),? (müssen|melden|loggen|registrieren)|"
        r"pour (commenter|réagir),? (vous devez|connectez|identifiez|inscrivez|il faut)|"
        r"para comentar,? (debes|tienes que|necesitas|inicia|regístrate|identifícate|es necesario|é necessário|"
        r"você precisa|faça login|entre)|per commentare,? (devi|accedi|registrati|è necessario)|"
        r"om te reageren,? (moet|log)|чтобы (оставить комментарий|комментировать),? (войдите|авторизуйтесь|"
        r"зарегистрируйтесь|необходимо)|aby (skomentować|dodać komentarz),? (zaloguj|musisz)",
        r"(die kommentarfunktion|kommentare) (ist|sind|wurde|wurden) (geschlossen|deaktiviert)|"
        r"les commentaires sont (fermés|désactivés|modérés)|los comentarios están (cerrados|moderados)|"
        r"i commenti sono (chiusi|moderati)|comentários (estão )?(fechados|encerrados)|"
        r"комментарии (закрыты|отключены)|komentarze (są )?(wyłączone|zamknięte)",
        r"(ihre e-mail-adresse|deine e-mail-adresse) wird nicht veröffentlicht|"
        r"votre adresse (e-?mail|de messagerie|courriel) ne sera pas publiée|"
        r"tu (dirección de )?(correo electrónico|email) no será publicad[ao]|"
        r"il tuo indirizzo (e-?mail|di posta) non sarà pubblicato|"
        r"o seu (endereço de )?e-?mail não será publicado|je e-?mailadres wordt niet gepubliceerd|"
        r"ваш (адрес )?(e-?mail|электронной почты) не будет опубликован|"
        r"twój adres e-?mail nie zostanie opublikowany|din e-postadress kommer inte publiceras",
    ),
    "engagement": (
        r"was (denken|meinen|halten) sie( davon)?\?|schreiben sie uns|teilen sie (uns )?ihre meinung|"
        r"qu'en pensez-vous|donnez(-nous)? votre avis|¿qué (opinas|te parece|piensas)|cosa ne pensi|"
        r"o que (você|vocês) (acha|pensa)|wat vind (jij|jullie|u)( ervan)?\?|что вы (думаете|об этом думаете)|"
        r"co (o tym )?(sądzisz|myślisz)",
        # ("was this article helpful?" as a heading closes the article: htmlend._END_MATTER has it)
        r"эта статья была полезна|czy ten artykuł był pomocny",
        r"^(folgen sie uns|folge uns|suivez-nous|síguenos|seguici|siga-nos|segue-nos|volg ons|"
        r"подписывайтесь на (нас|наш)|obserwuj nas|följ oss|følg os|følg oss|bizi takip edin)\b",
        r"(haben sie|sie haben) (einen hinweis|informationen) (für uns|zu diesem)|"
        r"vous avez (une information|un témoignage)|¿tienes (información|una historia)",
    ),
    "share": (
        r"^((diesen |den )?(artikel|beitrag) (teilen|versenden|verschicken|drucken|merken|speichern)|"
        r"(partager|imprimer|envoyer|enregistrer) (cet article|l'article)|"
        r"(compartir|imprimir|enviar|guardar) (esta noticia|este artículo|la noticia|el artículo)|"
        r"(condividi|stampa|invia|salva) (questo articolo|l'articolo|la notizia)|"
        r"(compartilhe|partilhe|compartilhar|partilhar|imprimir|enviar|salvar) (esta notícia|este artigo|o artigo|a notícia)|"
        r"(deel|delen|print|bewaar) (dit artikel|dit bericht|het artikel)|"
        r"(поделиться|поделитесь) (статьей|новостью|материалом|ссылкой)|(udostępnij|wyślij|drukuj) (artykuł|ten artykuł))$",
        r"^(compartilhe|partilhe|partilhar|dela artikeln|del artiklen|paylaş|поділитися)\b.{0,40}$",
        r"^(link kopieren|link kopiert|lien copié|copier le lien|copiar (el )?enlace|enlace copiado|copia (il )?link|"
        r"link copiato|copiar (o )?link|link copiado|link kopiëren|скопировать ссылку|ссылка скопирована|"
        r"kopiuj link|skopiuj link|link skopiowany)$",
        r"^(merken|gemerkt|speichern|sauvegarder|guardar|salva|salvar|bewaren|opslaan|сохранить|"
        r"stampa|afdrukken|печать|распечатать|drukuj|versenden|mailen|e-mail senden)$",
    ),
    "related-heading": (
        # German
        r"^((weitere|mehr) (artikel|nachrichten|themen|meldungen|beiträge|news|videos)( zum thema| aus .{1,30}| von .{1,30})?|"
        r"(auch|ebenfalls) interessant|meistgelesen(e artikel| auf .{1,30})?|meist gelesen|top-?themen|top-?artikel|"
        r"(das|die|diese artikel) könnten? (sie|dich) (auch )?interessieren|empfehlungen( der redaktion| für sie)?|"
        r"empfohlene artikel|(mehr|weitere) aus (dem ressort|der rubrik|.{1,30})|zum thema|passend zum thema|"
        r"verwandte (artikel|themen|beiträge)|ähnliche (artikel|beiträge|themen)|beliebte (artikel|beiträge)|"
        r"neueste (artikel|beiträge|nachrichten)|aktuelle (nachrichten|meldungen)|das könnte sie auch interessieren|"
        # French
        r"(les )?articles? (similaires|liés|connexes|recommandés|les plus lus)|(les )?plus (lus|populaires|partagés|commentés)|"
        r"(à|a) lire (aussi|également|ensuite)|(sur le même thème|dans la même rubrique|sur le même sujet)|"
        r"(vous aimerez (aussi|peut-être)|vous pourriez (aussi )?aimer|ça (pourrait|peut) vous intéresser|"
        r"(cela|ceci) pourrait vous intéresser|vous pourriez être intéressé)|"
        r"(nos|les) (derniers|dernières) (articles|actualités|infos|publications)|(voir|lire) aussi|"
        r"(à|a) voir (aussi|également)|(les )?dernières (actualités|infos|nouvelles)|en ce moment|(toute )?l'actualité|"
        # Spanish
        r"(noticias|artículos|contenidos|temas) relacionad[oa]s|(lo|los|las) más (leído|leídos|leídas|visto|vistos|compartido)s?|"
        r"(también|quizás|quizá) te (puede|pueda|podría) interesar|te (puede|podría) interesar|"
        r"más (noticias|información|artículos)( de .{1,30})?|(últimas|ultimas) noticias|"
        r"(contenidos?|artículos|noticias) recomendad[oa]s?|te recomendamos|recomendamos|"
        # Italian
        r"(articoli|notizie|contenuti) correlat[ie]|(i |gli )?più (letti|lette|visti|viste|popolari|condivisi)|"
        r"(ti )?potrebbe (anche )?interessarti|potrebbero interessarti|(altre notizie|altri articoli|ultime notizie|ultim'ora)|"
        r"(leggi|vedi) (anche|altro)|(articoli|notizie) consigliat[ie]|ti consigliamo|"
        # Portuguese
        r"(notícias|artigos|matérias|conteúdos) relacionad[oa]s|(os |as )?mais (lidos|lidas|vistos|vistas|populares)|"
        r"(você|voce) (também )?pode (gostar|se interessar)|(leia|veja) (mais|também)|últimas notícias|"
        r"(mais|outras) notícias|recomendados para (você|si)|"
        # Dutch
        r"(gerelateerde|verwante) (artikelen|berichten|nieuws)|meest (gelezen|bekeken|gedeeld)|(ook|meer) interessant|"
        r"lees (ook|meer)|(meer|ander) nieuws|(het )?laatste nieuws|aanbevolen( artikelen)?|dit vind je misschien ook leuk|"
        # Russian, Ukrainian
        r"(читайте|смотрите) (также|ещё|еще)|(похожие|связанные) (статьи|новости|материалы|публикации)|"
        r"(самое )?(популярное|читаемое|обсуждаемое)|(другие|последние|главные) новости|новости по теме|"
        r"(вам )?(может быть|будет) интересно|(ещё|еще) по теме|материалы по теме|рекомендуем|"
        r"читайте також|схожі (статті|новини)|останні новини|"
        # Polish, Czech, Swedish, Danish, Norwegian, Turkish
        r"(czytaj|zobacz) (też|także|również|więcej)|(podobne|powiązane) (artykuły|tematy|wiadomości)|"
        r"najczęściej (czytane|komentowane)|najpopularniejsze|(najnowsze|ostatnie) (wiadomości|artykuły)|"
        r"(może|mogą) cię (też |także )?zainteresować|polecane( artykuły)?|polecamy|"
        r"(související|podobné) články|mohlo by vás zajímat|nejčtenější|"
        r"(relaterade|läs också|mest lästa|senaste nytt)|(relaterede artikler|læs også|mest læste)|"
        r"(les også|mest lest|relaterte saker)|(ilgili haberler|benzer haberler|en çok okunanlar))( »| ›|:)?$",
    ),
    "related-inline": (
        r"^(weiterlesen|lesen sie (auch|mehr|hier)|auch interessant|mehr dazu|mehr zum thema|"
        r"lire (aussi|la suite|plus)|voir aussi|(à|a) voir|(à|a) lire|"
        r"lee (también|más)|ver también|leer también|lea también|"
        r"leggi (anche|qui)|vedi anche|approfondisci|"
        r"leia (mais|também)|veja (também|mais)|saiba mais|"
        r"lees (ook|meer|verder)|zie ook|"
        r"читайте (также|ещё|еще)|смотрите также|подробнее|читайте також|"
        r"czytaj (też|także|również|więcej)|zobacz (też|także|również)|"
        r"läs (också|mer)|læs (også|mere)|les (også|mer)|čtěte (také|též)|ayrıca okuyun)\s*[:»›>→]\s*\S",
    ),
    "navigation": (
        r"^(schlagworte|schlagwörter|themen|stichworte|mots-clés|mots clés|thèmes|sujets|etiquetas|temas|argomenti|"
        r"parole chiave|assuntos|palavras-chave|onderwerpen|trefwoorden|теги|тэги|метки|темы|tagi|tematy|"
        r"ämnen|emner|štítky|etiketler)\s*:",
    ),
    # "all rights reserved", password and account links (short lines, hinted)
    "navigation-legal": (
        r"alle rechte vorbehalten|tous droits réservés|todos los derechos reservados|tutti i diritti riservati|"
        r"todos os direitos reservados|alle rechten voorbehouden|все права защищены|wszelkie prawa zastrzeżone|"
        r"alla rättigheter förbehållna|alle rettigheder forbeholdes|alle rettigheter reservert|"
        r"všechna práva vyhrazena|tüm hakları saklıdır|всі права захищені",
        r"passwort vergessen|mot de passe oublié|¿olvidaste tu contraseña|olvidé mi contraseña|password dimenticata|"
        r"esqueceu (a |sua )?senha|wachtwoord vergeten|забыли пароль|nie pamiętasz hasła|glömt lösenord|"
        r"bereits (registriert|ein konto)|noch kein konto|déjà inscrit|pas encore (de compte|inscrit)|"
        r"¿(ya|aún no) tienes (una )?cuenta|non hai un account|não tem (uma )?conta|nog geen account|"
        r"нет аккаунта|nie masz konta|konto erstellen|créer un compte|crear (una )?cuenta|crea (un )?account|"
        r"criar (uma )?conta|account aanmaken|создать аккаунт|załóż konto",
    ),
    # cookie banners and consent, terms and affiliate notes: sentences of up to 300 characters
    "navigation-long": (
        r"(wir|diese (website|seite|webseite)) (verwenden|verwendet|nutzen|nutzt|setzen|setzt) cookies|"
        r"nous utilisons des (cookies|traceurs)|ce site (web )?utilise des cookies|"
        r"(utilizamos|usamos) cookies|este (sitio|portal)( web)? (utiliza|usa) cookies|"
        r"(utilizziamo|usiamo) (i )?cookie|questo sito (web )?(utilizza|usa) (i )?cookie|"
        r"este (site|website) (usa|utiliza) cookies|(wij gebruiken|we gebruiken) cookies|deze (website|site) gebruikt cookies|"
        r"(мы используем|сайт использует|этот сайт использует) (файлы )?cookie|"
        r"(używamy|ta strona (używa|wykorzystuje)) (plików )?cookie|vi använder cookies|vi bruger cookies|"
        r"vi bruker (informasjonskapsler|cookies)|používáme (soubory )?cookies|çerez(ler)? kullan",
        r"^((alle )?(cookies )?akzeptieren|alle akzeptieren|zustimmen|einverstanden|ablehnen|alle ablehnen|"
        r"tout accepter|accepter( et fermer| tous les cookies| les cookies)?|tout refuser|refuser|j'accepte|"
        r"aceptar( todas| todo| cookies| y cerrar)?|rechazar( todas| todo)?|acepto|accetta( tutti| tutto| e chiudi)?|"
        r"rifiuta( tutti)?|accetto|aceitar( todos| cookies)?|rejeitar( todos)?|aceito|"
        r"(alles )?accepteren|accepteer( alle)?( cookies)?|weigeren|akkoord|принять( все)?|отклонить|согласен|"
        r"akceptuj(ę)?( wszystkie)?|odrzuć( wszystkie)?|zgadzam się|acceptera( alla)?|accepter alle|godta( alle)?|"
        r"přijmout( vše)?|kabul et)$",
        r"(mit der nutzung|durch die nutzung) (dieser|unserer) (website|seite|webseite)|"
        r"en (poursuivant|continuant) (votre|la) navigation|si continúas navegando|"
        r"(continuando|proseguendo) (la|nella) navigazione|ao continuar (a )?naveg|door verder te gaan|"
        r"продолжая (использовать|пользоваться) (сайт|сайтом)|korzystając z (naszej )?strony",
        r"(datenschutzerklärung|datenschutzhinweise|politique de confidentialité|política de privacidad|"
        r"informativa (sulla )?privacy|política de privacidade|privacyverklaring|privacybeleid|"
        r"политик(а|ой|и) конфиденциальности|polityk(a|ą|i) prywatności) (akzeptieren|accepter|acepto|"
        r"accetto|aceito|akkoord|ознакомлен|согласен)",
        r"(ich stimme den|ich akzeptiere die|j'accepte les|acepto (los|las)|accetto (i|le)|aceito (os|as)|"
        r"ik ga akkoord met de|я (согласен|принимаю)|akceptuję) .{0,20}(nutzungsbedingungen|agb|datenschutz|conditions|"
        r"cgu|termes|términos|condiciones|política|termini|condizioni|informativa|termos|voorwaarden|privacy|"
        r"услови|политик|regulamin|warunki|polityk)",
        r"erhalten wir (ggf\. |gegebenenfalls |unter umständen )?eine (kleine )?provision|nous (percevons|touchons) une commission|"
        r"(recibimos|podemos recibir) una comisión|(riceviamo|potremmo ricevere) una commissione|"
        r"(recebemos|podemos receber) uma comissão|(ontvangen wij|ontvangen we) een (kleine )?commissie|"
        r"(мы получаем|получаем) комиссию|(otrzymujemy|możemy otrzymać) prowizję|affiliate-links?|partnerlinks?|"
        r"liens (affiliés|d'affiliation)|enlaces de afiliados|link (di )?affiliazione|links de afiliados",
    ),
    "byline-box": (
        r"^(zum autor|zur autorin|über (den|die) autor(in|en|innen)?|l'auteur|(à|a) propos de l'auteur|"
        r"sobre (el|la) autor(a)?|el autor|la autora|informazioni sull'autore|l'autore|sobre o autor|sobre a autora|"
        r"o autor|over de (auteur|schrijver)|de auteur|об авторе|об авторах|про автора|o autorze|o autorce|"
        r"om (författaren|forfatteren|skribenten)|o autorovi|yazar hakkında)$",
    ),
    "byline": (
        r"^\d{1,3}\s?(min\.?|minuten|minutes|minutos|minuti|minuten|мин\.?|минут[ыа]?|minut)\s"
        r"(lesezeit|lesedauer|lesen|de lecture|de lectura|di lettura|de leitura|leestijd|leesduur|"
        r"чтения|на чтение|czytania|lästid|læsetid|lesetid|čtení|okuma)$",
        r"^(lesezeit|lesedauer|tiempo de lectura|tempo di lettura|tempo de leitura|leestijd|время чтения|"
        r"czas czytania|lästid|læsetid|lesetid|doba čtení|okuma süresi)\s*:?\s*\d",
    ),
    "caption": (
        r"^(bildquelle|bildnachweis|bild|quelle|crédits?( photo)?|crédito|créditos|fuente|fonte|bron|beeld|"
        r"источник|фото|źródło|zdjęcie|fot\.|afbeelding|imagem|ilustración|illustrazione|kilde|zdroj|kaynak)\s*:",
        r"\b(foto|fotos|imagen|immagine|imagem|фото|zdjęcie|bilde)\s*:\s*\S.{0,60}$",
        r"(picture alliance|imago images|dpa-?bildfunk|keystone/|ullstein bild|efe/|ansa/|anp/|тасс/|pap/)[\)\]]?\.?$",
    ),
}

#: Per rule: whole lines (lower case, as rules.py compares them) that are that furniture,
#: looked up in a set before any pattern is tried ("|" separates them).
EXACT: dict[str, str] = {
    # menus, log-in and the footer's links
    "navigation": (
        "suche|suchen|anmelden|abmelden|einloggen|registrieren|mein konto|mein profil|konto|menü|hauptmenü|"
        "zurück|weiter|nach oben|zum inhalt|zum inhalt springen|zur navigation|impressum|datenschutz|"
        "datenschutzerklärung|agb|kontakt|über uns|mediadaten|barrierefreiheit|cookie-einstellungen|"
        "einstellungen|abo|abonnement|e-paper|rechercher|connexion|se connecter|déconnexion|s'inscrire|"
        "mon compte|mon profil|retour|suivant|précédent|haut de page|retour en haut|aller au contenu|"
        "aller au contenu principal|mentions légales|politique de confidentialité|gestion des cookies|"
        "paramètres des cookies|nous contacter|contact|qui sommes-nous|cgu|cgv|plan du site|buscar|búsqueda|"
        "cerrar sesión|registrarse|regístrate|mi cuenta|mi perfil|volver|siguiente|anterior|ir al contenido|"
        "ir al contenido principal|aviso legal|política de privacidad|política de cookies|contacto|"
        "quiénes somos|mapa del sitio|cerca|esci|registrati|il mio account|home page|homepage|indietro|"
        "successivo|precedente|vai al contenuto|note legali|informativa privacy|informativa sulla privacy|"
        "contatti|chi siamo|mappa del sito|pesquisar|pesquisa|sair|cadastre-se|registe-se|registrar|"
        "minha conta|início|voltar|próximo|ir para o conteúdo|política de privacidade|termos de uso|contato|"
        "quem somos|fale conosco|zoeken|inloggen|uitloggen|registreren|mijn account|terug|volgende|vorige|"
        "naar de inhoud|privacyverklaring|privacybeleid|cookiebeleid|cookie-instellingen|over ons|colofon|"
        "поиск|найти|выйти|регистрация|зарегистрироваться|личный кабинет|меню|назад|далее|вперед|вперёд|"
        "наверх|перейти к содержанию|политика конфиденциальности|пользовательское соглашение|контакты|о нас|"
        "о проекте|реклама на сайте|пошук|увійти|szukaj|wyszukaj|zaloguj|zaloguj się|wyloguj|wyloguj się|"
        "zarejestruj się|moje konto|strona główna|wstecz|dalej|następny|poprzedni|przejdź do treści|"
        "polityka prywatności|polityka cookies|regulamin|o nas|sök|logga in|søg|log ind|søk|logg inn|hledat|"
        "přihlásit se|giriş yap"
    ),
}



def extra(slot: str) -> tuple[str, ...]:
    """The patterns this module adds to the rule of `slot`."""
    return EXTRA.get(slot, ())


def exact(slot: str) -> frozenset[str]:
    """The whole lines this module adds to the rule of `slot`."""
    return frozenset(EXACT[slot].split("|")) if slot in EXACT else frozenset()
