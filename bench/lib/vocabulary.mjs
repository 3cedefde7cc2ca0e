/**
 * Word pools for the corpus generator: policy themes with their label
 * categories, label qualifiers, target groups, and sentence templates for
 * prose and example texts. Plain ASCII without double quotes, backslashes,
 * colons or hashes, so every string is safe in Markdown prose and in YAML
 * plain or double-quoted scalars.
 */

/**
 * Policy themes. `prefix` is the first segment of the theme's verdict labels;
 * each category is [id segment, title, what the content does].
 */
export const THEMES = [
  {
    id: 'harassment',
    title: 'Harassment and bullying',
    prefix: 'harass',
    noun: 'harassment',
    categories: [
      ['insult', 'Insult', 'demeans a person with abusive names or contemptuous descriptions'],
      ['threat', 'Threat', 'states or implies an intention to hurt a person or damage their property'],
      ['doxxing', 'Doxxing', 'reveals or asks for private information that lets others find a person'],
      ['pile-on', 'Pile-on', 'calls on others to swarm a person with replies, reports or messages'],
      ['impersonation', 'Impersonation', 'pretends to be a real person in order to mock or mislead about them'],
      ['shaming', 'Shaming', 'mocks a person for their body, health, appearance or private life'],
      ['intimidation', 'Intimidation', 'tries to frighten a person into silence or into leaving a space'],
    ],
  },
  {
    id: 'hate-speech',
    title: 'Hate speech',
    prefix: 'hate',
    noun: 'hate speech',
    categories: [
      ['slur', 'Slur', 'uses a term that attacks people for a protected characteristic'],
      ['dehumanization', 'Dehumanizing speech', 'describes a protected group as animals, vermin, disease or objects'],
      ['stereotype', 'Harmful stereotype', 'attributes a negative trait to everyone in a protected group'],
      ['exclusion', 'Exclusion', 'calls for a protected group to be segregated, expelled or denied rights'],
      ['incitement', 'Incitement', 'encourages others to harm or discriminate against a protected group'],
      ['denial', 'Atrocity denial', 'denies or trivialises a well documented violent event against a group'],
      ['symbols', 'Hate symbols', 'displays or promotes a symbol that stands for a hateful ideology'],
    ],
  },
  {
    id: 'violent-extremism',
    title: 'Violent extremism',
    prefix: 'extremism',
    noun: 'violent extremist content',
    categories: [
      ['praise', 'Praise', 'praises or celebrates a violent extremist group, attack or attacker'],
      ['recruitment', 'Recruitment', 'invites people to join or support a violent extremist group'],
      ['propaganda', 'Propaganda', 'shares material produced by a violent extremist group'],
      ['financing', 'Financing', 'raises or moves money for a violent extremist group'],
      ['instructions', 'Attack instructions', 'explains how to plan or carry out a violent attack'],
      ['symbols', 'Extremist symbols', 'displays a logo, flag or slogan of a violent extremist group'],
    ],
  },
  {
    id: 'self-harm',
    title: 'Suicide and self-harm',
    prefix: 'selfharm',
    noun: 'self-harm content',
    categories: [
      ['ideation', 'Ideation', 'expresses a wish or a plan to hurt oneself'],
      ['method', 'Method detail', 'describes how to hurt oneself in actionable detail'],
      ['encouragement', 'Encouragement', 'urges or dares someone to hurt themselves'],
      ['depiction', 'Depiction', 'shows or describes injuries that a person caused themselves'],
      ['eating', 'Disordered eating', 'promotes extreme restriction, purging or dangerous weight goals'],
    ],
  },
  {
    id: 'spam',
    title: 'Spam and platform manipulation',
    prefix: 'spam',
    noun: 'spam',
    categories: [
      ['commercial', 'Commercial spam', 'advertises goods or services in bulk or out of context'],
      ['scam', 'Scam', 'promises money, prizes or services in order to take payment or data'],
      ['phishing', 'Phishing', 'tricks people into giving passwords, codes or payment details'],
      ['link-farm', 'Link farm', 'repeats links to drive traffic to other sites'],
      ['engagement-bait', 'Engagement bait', 'asks for likes, shares or follows in exchange for nothing real'],
      ['repetition', 'Repetitive posting', 'posts the same or nearly the same content many times'],
    ],
  },
  {
    id: 'misinformation',
    title: 'Harmful misinformation',
    prefix: 'misinfo',
    noun: 'harmful misinformation',
    categories: [
      ['health', 'Health misinformation', 'makes a false claim about a treatment, a disease or a vaccine'],
      ['civic', 'Civic misinformation', 'makes a false claim about how, when or where to vote'],
      ['manipulated-media', 'Manipulated media', 'shares edited or synthetic media presented as real'],
      ['crisis', 'Crisis misinformation', 'makes a false claim about an ongoing emergency'],
      ['fabricated-quote', 'Fabricated quote', 'attributes words to a real person who never said them'],
    ],
  },
  {
    id: 'graphic-violence',
    title: 'Graphic violence',
    prefix: 'violence',
    noun: 'graphic violence',
    categories: [
      ['gore', 'Gore', 'shows or describes severe injuries, blood or exposed organs'],
      ['animal-cruelty', 'Animal cruelty', 'shows or describes animals being hurt on purpose'],
      ['death', 'Death', 'shows or describes the moment of a death or a dead body'],
      ['torture', 'Torture', 'shows or describes deliberate cruelty to a restrained person'],
      ['glorification', 'Glorification', 'celebrates or jokes about real violence and its victims'],
    ],
  },
  {
    id: 'fraud',
    title: 'Fraud and deception',
    prefix: 'fraud',
    noun: 'fraud',
    categories: [
      ['investment', 'Investment fraud', 'promises guaranteed or unrealistic returns on money'],
      ['romance', 'Romance fraud', 'builds a fake relationship in order to ask for money'],
      ['counterfeit', 'Counterfeit goods', 'sells fake branded goods or documents'],
      ['identity-theft', 'Identity theft', 'offers, asks for or uses stolen identity data'],
      ['fake-reviews', 'Fake reviews', 'sells, buys or posts reviews that do not reflect real use'],
    ],
  },
  {
    id: 'privacy',
    title: 'Privacy violations',
    prefix: 'privacy',
    noun: 'a privacy violation',
    categories: [
      ['personal-data', 'Personal data', 'shares the identity documents of a private person or records'],
      ['location', 'Location', 'shares where a private person lives, works or is right now'],
      ['intimate-imagery', 'Intimate imagery', 'shares intimate images of a person without their consent'],
      ['contact-details', 'Contact details', 'shares a private phone number, address or e-mail'],
      ['financial-data', 'Financial data', 'shares bank, card or salary details of a person'],
    ],
  },
  {
    id: 'regulated-goods',
    title: 'Regulated goods and services',
    prefix: 'goods',
    noun: 'a regulated goods violation',
    categories: [
      ['weapons', 'Weapons', 'offers to sell, buy or trade firearms, parts or ammunition'],
      ['drugs', 'Drugs', 'offers to sell, buy or trade illegal drugs'],
      ['alcohol', 'Alcohol', 'sells alcohol without the checks the law requires'],
      ['tobacco', 'Tobacco', 'sells tobacco or vaping products to anyone who asks'],
      ['gambling', 'Gambling', 'promotes unlicensed betting or games of chance'],
      ['pharmaceuticals', 'Pharmaceuticals', 'sells prescription medicine without a prescription'],
    ],
  },
  {
    id: 'sexual-content',
    title: 'Adult sexual content',
    prefix: 'sexual',
    noun: 'adult sexual content',
    categories: [
      ['nudity', 'Nudity', 'shows or describes nudity outside an educational or artistic context'],
      ['explicit', 'Explicit content', 'shows or describes sexual activity in detail'],
      ['suggestive', 'Suggestive content', 'is sexually suggestive without being explicit'],
      ['solicitation', 'Sexual solicitation', 'offers or asks for sexual services or content'],
    ],
  },
  {
    id: 'civic-integrity',
    title: 'Civic integrity',
    prefix: 'civic',
    noun: 'a civic integrity violation',
    categories: [
      ['voter-suppression', 'Voter suppression', 'discourages people from voting or misleads them about eligibility'],
      ['fraud-claims', 'Unfounded fraud claims', 'claims without evidence that an election was rigged'],
      ['candidate-impersonation', 'Candidate impersonation', 'pretends to be a candidate or an election office'],
      ['intimidation', 'Voter intimidation', 'threatens voters, poll workers or election officials'],
    ],
  },
];

/** Second-level qualifiers: [id segment, title prefix, what distinguishes it]. */
export const QUALIFIERS = [
  ['direct', 'Direct', 'addresses its target in the second person or by name'],
  ['indirect', 'Indirect', 'talks about its target to an audience rather than to the target'],
  ['coded', 'Coded', 'uses code words, emoji, misspellings or numbers that stand for the behaviour'],
  ['explicit', 'Explicit', 'states the behaviour in plain words that need no interpretation'],
  ['implied', 'Implied', 'leaves the behaviour to be inferred from context a typical reader shares'],
  ['targeted', 'Targeted', 'is aimed at an identifiable person, account or small group'],
  ['general', 'General', 'is aimed at no one in particular or at a very large group'],
  ['repeated', 'Repeated', 'is part of a pattern across several posts or messages by the same author'],
  ['severe', 'Severe', 'would cause serious harm to a reasonable person who is exposed to it'],
  ['mild', 'Mild', 'is unpleasant but unlikely to cause lasting harm'],
  ['quoted', 'Quoted', 'reproduces the words of someone else, with or without comment'],
  ['satirical', 'Satirical', 'presents itself as humour, parody or satire'],
  ['conditional', 'Conditional', 'makes the behaviour depend on something the target does or fails to do'],
  ['commercial', 'Commercial', 'is made for payment or offers something for sale'],
  ['historical', 'Historical', 'refers to past events rather than to the present'],
  ['aspirational', 'Aspirational', 'expresses a wish or intention rather than an act'],
];

/** Third-level media: [id segment, title suffix, what it looks like]. */
export const MEDIA = [
  ['text', 'in text', 'appears in the words of a post, comment, bio or message'],
  ['image', 'in an image', 'appears in a picture, screenshot or meme, including text drawn on it'],
  ['video', 'in a video', 'appears in a video, a live stream or its captions'],
  ['audio', 'in audio', 'appears in a voice message, a podcast or the sound of a video'],
  ['username', 'in a username', 'appears in a display name, handle or profile field'],
  ['link', 'behind a link', 'appears on a page the post links to, summarised or previewed'],
];

/** Target question groups (second segment) with their leaves (third segment). */
export const TARGET_GROUPS = [
  {
    id: 'identity',
    title: 'Protected group',
    desc: 'a group defined by a protected characteristic',
    leaves: [
      ['race', 'Race or ethnicity'],
      ['religion', 'Religion or belief'],
      ['nationality', 'Nationality or origin'],
      ['gender', 'Sex or gender identity'],
      ['orientation', 'Sexual orientation'],
      ['disability', 'Disability or illness'],
      ['age', 'Age'],
      ['caste', 'Caste'],
    ],
  },
  {
    id: 'individual',
    title: 'Individual',
    desc: 'one identifiable person',
    leaves: [
      ['private', 'Private person'],
      ['public-figure', 'Public figure'],
      ['minor', 'Minor'],
      ['journalist', 'Journalist'],
      ['official', 'Public official'],
      ['creator', 'Content creator'],
    ],
  },
  {
    id: 'organization',
    title: 'Organization',
    desc: 'a company, institution or other organization',
    leaves: [
      ['business', 'Business'],
      ['government', 'Government body'],
      ['ngo', 'Non-profit organization'],
      ['religious-body', 'Religious body'],
      ['media-outlet', 'Media outlet'],
    ],
  },
  {
    id: 'community',
    title: 'Community',
    desc: 'a community that is not defined by a protected characteristic',
    leaves: [
      ['online', 'Online community'],
      ['local', 'Local community'],
      ['professional', 'Professional group'],
      ['fandom', 'Fan community'],
    ],
  },
];

/** Ids for the multi question that asks who is targeted. */
export const TARGET_QUESTION_IDS = ['target', 'target', 'target', 'audience', 'subject'];

/** Owner addresses and names. */
export const OWNERS = [
  'trust-safety-policy@example.org',
  'policy-ops@example.org',
  'labeling-quality@example.org',
  'integrity-research@example.org',
  'Amara Okafor',
  'Jonas Lindqvist',
  'Priya Raman',
  'Mateo Alvarez',
  'Chen Wei',
  'Fatima Haddad',
  'Noah Becker',
  'Yuki Tanaka',
];

/** Sentences of a label definition. Slots: {title}, {lower}, {does}, {qual}, {id}, {noun}. */
export const DEFINITION_SENTENCES = [
  'Choose {id} when the content {does}, and the text, image or context in front of you shows it without guessing at what the author might have meant.',
  '{title} covers posts, comments, replies, bios and direct messages in which the author {does}, whether or not the person it is about ever sees it.',
  'Judge the words as they are written and as a typical reader of the platform would understand them; do not discount a post because it is phrased as a question, a joke or a hypothetical.',
  'Content that only reports on, quotes to condemn, or discusses {lower} in a news, academic or awareness context is not {lower} in itself, so label it by what the author does rather than by the topic.',
  'The label applies to the content as a whole: a single line that {does} is enough, even when the rest of the post is harmless.',
  'Do not weigh how popular the post is, how the account behaved elsewhere, or what the replies say, unless the decision rules above tell you to.',
  'When you are unsure whether the content {does}, read it again from the point of view of the person or group it is about, and write down what tipped the decision in the rationale.',
  'This is one of the most frequent labels in the queue, so reviewers audit a sample of it every week and feed disagreements back into the examples below.',
  'Older versions of this guideline split {lower} differently; annotations made before the current version are migrated automatically and do not need to be redone.',
  'Screenshots count like the text they show, and so do captions, alt text and words drawn on an image.',
  'Spelling, slang and emoji substitutions that a typical reader understands count as if the words were written out in full.',
  'A post that {qual} still needs this label when the rest of the definition is met; the qualifier only tells you which of the sibling labels fits best.',
];

/** Sentences that point at other labels. Slots: {ref}, {other}, {otherTitle}. */
export const RELATION_SENTENCES = [
  'If the content also fits {other}, pick the label whose definition is the closer match and say why in the rationale.',
  'Prefer {ref} over {other} when both seem to apply, because the more specific label carries the stricter enforcement.',
  'Content that looks like {ref} but has no identifiable target usually belongs under {other} instead.',
  'Do not confuse {ref} with {other} ({otherTitle}); the difference is what the author asks the reader to do.',
  'Reviewers most often disagree between {ref} and {other}, so read both definitions before you decide.',
];

/** Signals listed under some labels. Slots: {lower}. */
export const SIGNALS = [
  'The author addresses the person directly, by name, handle or second person.',
  'The post repeats a claim that was already removed from the platform.',
  'A call to action: share this, report them, send them a message.',
  'Emoji or numbers standing in for words a typical reader recognises.',
  'A link or screenshot that carries the {lower} while the caption looks harmless.',
  'The same wording appears in several posts from new accounts.',
  'Words that frame the target as less than human or as a danger to others.',
  'An offer that asks the reader to move to a private channel or another app.',
  'A reference to a date, a place or a time that makes the content actionable.',
  'Hashtags that are known to collect {lower} on the platform.',
];

/** Non-signals listed under some labels. Slots: {lower}. */
export const NON_SIGNALS = [
  'Strong language that is not aimed at anyone.',
  'Reporting on {lower} by a news outlet, with context.',
  'Quoting {lower} in order to condemn it or to ask others for help.',
  'Fiction that is clearly marked as fiction and does not target a real person.',
  'Self-description, when the author describes only themselves.',
  'Academic or historical discussion that does not endorse the content.',
];

/** Scope paragraphs. Slots: {noun}, {title}. */
export const SCOPE_SENTENCES = [
  'This guideline tells labelers how to decide whether a piece of user content is {noun}, and if so which kind and who it is aimed at.',
  'It applies to public posts, comments, replies, profile fields, group descriptions and reported direct messages in every market where the platform operates.',
  'Labels from this guideline feed the enforcement queue, the transparency report and the training data of the automated classifiers, so consistency matters more than speed.',
  'Work through the decision rules in order, pick the most specific label that fits, and answer the follow-up questions only when the tool asks them.',
  'When a piece of content is in a language you do not read well, skip it rather than guess; the task returns to the queue for another labeler.',
];

/** Items of the in-scope list under Scope. */
export const SCOPE_ITEMS = [
  'Public posts, including their images, videos and captions.',
  'Comments and replies, read together with the post they answer.',
  'Profile fields such as display names, bios and avatars.',
  'Direct messages that a recipient reported.',
  'Group and page names, descriptions and cover images.',
  'Live stream titles and pinned chat messages.',
  'Ads and sponsored posts, judged by the same rules as organic content.',
];

/** Items of the out-of-scope list under Scope. */
export const OUT_OF_SCOPE_ITEMS = [
  'Account-level behaviour across many posts, which the investigations team reviews.',
  'Legal requests and court orders, which go to the legal queue.',
  'Copyright and trademark complaints.',
  'Content that is only low quality or off topic.',
  'Reports about the identity of an account, which the verification team handles.',
];

/** Example texts. Slots: {lower}, {thing}. */
export const EXAMPLE_TEXTS = [
  'Honestly people like that should not be allowed anywhere near the rest of us.',
  'Saw this posted three times today, same words every time, check the link in bio.',
  'Not sure if this counts, but my neighbour keeps sending me these and it is getting weird.',
  'Everyone who lives on that street knows exactly what they are, just saying.',
  'Limited offer, only today, message me privately and I will send you the details.',
  'This is what happens when you let them run things, look at the state of it.',
  'Reporting this because it keeps showing up in my feed, is this allowed here?',
  'LOL you really thought anyone would listen to you after last week.',
  'Sharing for awareness, this is what they were saying in that group yesterday.',
  'The video in the second link shows it all, watch before it gets taken down.',
  'I am not saying anyone should do anything, I am just saying I would not be sad.',
  'Great thread on the history of {thing}, worth reading to the end.',
  'We will see who is laughing after Friday, you know where to find me.',
  'My cousin tried this and it worked, DM for the exact steps.',
  'Quick reminder that the meeting moved to Thursday, same room as before.',
  'That whole crowd is the same, you have met one you have met them all.',
  'Posting the screenshot so everyone can see what was said before they delete it.',
  'Why does every thread about {thing} turn into this, can we have one normal conversation.',
  'If you still support them after {thing} there is something wrong with you.',
  'Found the account that keeps posting this, same profile picture, new name every week.',
  'Cheap and fast, no questions asked, delivery anywhere in the country.',
  'Somebody should teach that guy a lesson, he knows what he did.',
  'The real numbers from {thing} are nothing like what they tell you on the news.',
  'Sign up with my code and get double back within a week, guaranteed.',
  'Look at this picture and tell me that is normal behaviour.',
  'They do this every single year and nobody ever says anything about it.',
  'Copied from a friend, please pass it on to everyone you know.',
  'Ask me anything about {thing}, I was there the whole time.',
  'I made a list of everyone who was involved, check the replies.',
  'You people never learn, do you.',
]

/** Openers and closers around example texts, so that texts within a set do not repeat. */
export const EXAMPLE_OPENERS = ['', '', '', 'Ok so,', 'Not gonna lie,', 'Update,', 'Friendly reminder,', 'PSA', 'Me again.', 'Serious question,', 'Hot take,', 'Fine.', 'Heads up,', 'Thread.', 'For the record,', 'Real talk,'];
export const EXAMPLE_CLOSERS = ['', '', '', 'Thoughts?', 'Share if you agree.', 'You have been warned.', 'Just saying.', 'Anyway.', 'Do better.', 'Not sorry.', 'Link below.', 'Discuss.', 'More tomorrow.', 'Make of that what you will.'];

/** Reasons in `why`. Slots: {lower}, {title}. */
export const WHY_POSITIVE = [
  'The post {does}, which is exactly what the definition describes.',
  'Read as a typical reader would, the text {does}; the casual tone does not change that.',
  'The wording {does}, and nothing in the context points to news, research or fiction.',
  'It {does}; the emoji and spelling only thinly disguise it.',
];

export const WHY_NEGATIVE = [
  'The post mentions the topic but does not itself do what the definition describes.',
  'It reports on the behaviour in a neutral way, which the definition excludes.',
  'The author talks about themselves only, so there is no target to label.',
  'This is strong language, but it is not aimed at anyone and does not meet the definition.',
  'The closer match is a sibling label, as the decision rules explain.',
];

export const WHY_BORDERLINE = [
  'Reviewers split on this one; the deciding point is whether a typical reader sees a target.',
  'The context is missing, so label what the text shows and note the doubt in the rationale.',
  'It could be satire, but nothing marks it as such, so the stricter reading wins.',
];

/** Rationale answers. */
export const RATIONALES = [
  'The wording matches the definition without needing context.',
  'Decided on the screenshot text, not the caption.',
  'Close call, went with the more specific label.',
  'The target is clear from the reply chain.',
];

/** Changelog bullet templates. Slots: {ref}, {title}. */
export const CHANGELOG_ITEMS = [
  'Added {ref} and its examples.',
  'Clarified the definition of {ref} after the quarterly calibration.',
  'Added negative examples to {ref}.',
  'Reworded the decision rules so that {ref} is checked first.',
  'Fixed typos and broken links.',
  'Split the old catch-all label into more specific labels.',
  'Moved the scope notes about direct messages into the Scope section.',
  'Updated owners.',
  'Made the rationale question optional.',
];

/** Things people talk about, for example texts. */
export const THINGS = ['the match', 'the election', 'the new update', 'that video', 'the festival', 'the outage', 'the recipe', 'the trial'];
