"""Demo syllabi of dataset ``se``'s degree courses (demo/degrees.py): micro-credential data, Annex I.

The courses the demo degrees add at Uppsala, Umeå and Stockholm each get a full syllabus in the
shape of demo/syllabi.py's table (learning outcomes in Swedish and English, forms of assessment,
the form of participation and entry requirements; the workload follows from the credits there).
The entry requirements name the courses before them in the learner's study plan, so that the
degree histories stay consistent with them. Plausible demo values, not the universities' records.
"""

# ruff: noqa: E501 - one outcome per line reads better than wrapped strings

from __future__ import annotations

from typing import Final

Outcomes = tuple[tuple[str, str], ...]  # (Swedish, English) per outcome
SyllabusRow = tuple[Outcomes, tuple[str, ...], str, str, str]

UU, UMU, SU = "uu.se", "umu.se", "su.se"
WRITTEN, ORAL, PRACTICAL = "written-examination", "oral-examination", "practical-assessment"
PROJECT, ASSIGNMENT, QUIZ = "project-work", "marked-assignment", "quiz"
PEER_REVIEW, GROUP = "peer-review", "group-performance"
MA3C_SV = "Grundläggande behörighet samt Matematik 3c"
MA3C_EN = "General entry requirements and Mathematics 3c"
MA4_SV = "Grundläggande behörighet samt Matematik 4"
MA4_EN = "General entry requirements and Mathematics 4"
# Områdesbehörighet A9: what the engineering and physics programmes ask for.
SCIENCE_SV = "Grundläggande behörighet samt Fysik 2, Kemi 1 och Matematik 4"
SCIENCE_EN = "General entry requirements and Physics 2, Chemistry 1 and Mathematics 4"

# (institution, code) → (outcomes, assessment, participation, entry requirements sv, en)
DEGREE_SYLLABI: Final[dict[tuple[str, str], SyllabusRow]] = {
    (UU, "1DL010"): (
        (("skriva, testa och felsöka program i Python med funktioner, villkor och loopar", "write, test and debug programs in Python using functions, conditionals and loops"),
         ("använda inbyggda datatyper som listor och lexikon för att lösa enkla problem", "use built-in data types such as lists and dictionaries to solve simple problems"),
         ("beskriva grunderna i objektorienterad programmering med klasser och objekt", "describe the basics of object-oriented programming with classes and objects")),
        (WRITTEN, PRACTICAL), "presential", MA3C_SV, MA3C_EN,
    ),
    (UU, "1MA013"): (
        (("beräkna gränsvärden, derivator och integraler av elementära funktioner", "compute limits, derivatives and integrals of elementary functions"),
         ("lösa enkla differentialekvationer och tillämpa Taylors formel", "solve simple differential equations and apply Taylor's formula"),
         ("föra matematiska resonemang med korrekt notation", "carry out mathematical reasoning with correct notation")),
        (WRITTEN, QUIZ), "presential", MA4_SV, MA4_EN,
    ),
    (UU, "1DT038"): (
        (("beskriva en dators uppbyggnad med processor, minne och in- och utmatning", "describe the structure of a computer with processor, memory and input/output"),
         ("skriva program i assemblerspråk och i C som hanterar avbrott", "write programs in assembly language and in C that handle interrupts"),
         ("förklara hur instruktioner kodas och utförs i en processors pipeline", "explain how instructions are encoded and executed in a processor pipeline")),
        (WRITTEN, PRACTICAL), "presential", "Programmeringsteknik I, 10 hp", "Programming Technique I, 10 credits",
    ),
    (UU, "1MS005"): (
        (("räkna med sannolikheter, stokastiska variabler och vanliga fördelningar", "calculate with probabilities, random variables and common distributions"),
         ("skatta parametrar och beräkna konfidensintervall", "estimate parameters and compute confidence intervals"),
         ("genomföra och tolka hypotesprövningar", "carry out and interpret hypothesis tests")),
        (WRITTEN, ASSIGNMENT), "presential", "Envariabelanalys, 10 hp", "Single Variable Calculus, 10 credits",
    ),
    (UU, "1DL321"): (
        (("jämföra imperativ, funktionell, logisk och objektorienterad programmering", "compare imperative, functional, logic and object-oriented programming"),
         ("skriva program i ett logikprogrammeringsspråk som Prolog", "write programs in a logic programming language such as Prolog"),
         ("redogöra för typsystem, bindning och utvärderingsstrategier", "account for type systems, binding and evaluation strategies")),
        (WRITTEN, ASSIGNMENT), "presential", "Programkonstruktion och datastrukturer, 10 hp", "Program Design and Data Structures, 10 credits",
    ),
    (UU, "1DT096"): (
        (("förklara hur ett operativsystem hanterar processer, trådar och minne", "explain how an operating system manages processes, threads and memory"),
         ("lösa synkroniseringsproblem med lås, semaforer och monitorer", "solve synchronisation problems with locks, semaphores and monitors"),
         ("implementera delar av ett enkelt operativsystem i C", "implement parts of a simple operating system in C")),
        (WRITTEN, PROJECT), "presential", "Datorteknik I, 10 hp", "Computer Architecture I, 10 credits",
    ),
    (UU, "1DT074"): (
        (("beskriva Internets protokollstack från länkskiktet till applikationsskiktet", "describe the Internet protocol stack from the link layer to the application layer"),
         ("förklara routning, flödeskontroll och överbelastningskontroll i TCP/IP", "explain routing, flow control and congestion control in TCP/IP"),
         ("analysera nätverkstrafik med verktyg för paketfångst", "analyse network traffic with packet capture tools")),
        (WRITTEN, PRACTICAL), "presential", "Programmeringsteknik I, 10 hp", "Programming Technique I, 10 credits",
    ),
    (UU, "1MA020"): (
        (("beräkna partiella derivator och bestämma extrempunkter för funktioner av flera variabler", "compute partial derivatives and find extreme points of functions of several variables"),
         ("beräkna dubbel- och trippelintegraler med variabelbyte", "evaluate double and triple integrals with a change of variables"),
         ("tillämpa Greens, Gauss och Stokes satser", "apply the theorems of Green, Gauss and Stokes")),
        (WRITTEN, QUIZ), "presential", "Envariabelanalys, 10 hp, och Linjär algebra och geometri I, 5 hp", "Single Variable Calculus, 10 credits, and Linear Algebra and Geometry I, 5 credits",
    ),
    (UU, "1DL251"): (
        (("beskriva en kompilators faser från lexikal analys till kodgenerering", "describe the phases of a compiler from lexical analysis to code generation"),
         ("konstruera parsrar utifrån kontextfria grammatiker", "construct parsers from context-free grammars"),
         ("implementera en kompilator för ett litet programspråk", "implement a compiler for a small programming language")),
        (WRITTEN, PROJECT), "presential", "Programmeringsparadigm, 10 hp", "Programming Paradigms, 10 credits",
    ),
    (UU, "1TD342"): (
        (("redogöra för kvantitativa och kvalitativa forskningsmetoder inom datavetenskap", "account for quantitative and qualitative research methods in computer science"),
         ("söka, värdera och referera till vetenskaplig litteratur", "search for, evaluate and cite scientific literature"),
         ("skriva en vetenskaplig rapport enligt ämnets konventioner", "write a scientific report following the conventions of the field")),
        (ASSIGNMENT, PEER_REVIEW), "blended", "60 hp i datavetenskap", "60 credits in computer science",
    ),
    (UU, "1DT301"): (
        (("redogöra för vanliga hot och attacker mot datornätverk", "account for common threats and attacks against computer networks"),
         ("tillämpa kryptografiska protokoll som TLS och IPsec", "apply cryptographic protocols such as TLS and IPsec"),
         ("konfigurera brandväggar och intrångsdetektering i en laborationsmiljö", "configure firewalls and intrusion detection in a laboratory environment")),
        (WRITTEN, PRACTICAL), "presential", "Datornätverk I, 7,5 hp", "Computer Networks I, 7.5 credits",
    ),
    (UU, "1DL400"): (
        (("förklara renderingspipelinen och transformationer i homogena koordinater", "explain the rendering pipeline and transformations in homogeneous coordinates"),
         ("implementera belysnings- och texturmodeller med shaderprogram", "implement lighting and texture models with shader programs")),
        (WRITTEN, PROJECT), "presential", "Programkonstruktion och datastrukturer, 10 hp, och Linjär algebra och geometri I, 5 hp", "Program Design and Data Structures, 10 credits, and Linear Algebra and Geometry I, 5 credits",
    ),
    (UU, "1DL360"): (
        (("tillämpa användarcentrerade metoder för att ta fram krav", "apply user-centred methods to elicit requirements"),
         ("utforma och utvärdera prototyper av användargränssnitt", "design and evaluate prototypes of user interfaces"),
         ("redogöra för tillgänglighet och användbarhet i interaktiva system", "account for accessibility and usability in interactive systems")),
        (PROJECT, GROUP), "presential", "30 hp i datavetenskap", "30 credits in computer science",
    ),
    (UU, "1DL451"): (
        (("formulera problem som sökproblem och lösa dem med informerad sökning", "formulate problems as search problems and solve them with informed search"),
         ("representera kunskap i logik och resonera under osäkerhet", "represent knowledge in logic and reason under uncertainty"),
         ("diskutera etiska och samhälleliga konsekvenser av artificiell intelligens", "discuss ethical and societal consequences of artificial intelligence")),
        (WRITTEN, ASSIGNMENT), "presential", "Algoritmer och datastrukturer II, 5 hp, och Sannolikhetsteori och statistik, 7,5 hp", "Algorithms and Data Structures II, 5 credits, and Probability and Statistics, 7.5 credits",
    ),
    (UU, "1DL610"): (
        (("tillämpa agila metoder för planering och uppföljning i ett programvaruprojekt", "apply agile methods for planning and follow-up in a software project"),
         ("specificera, utforma och testa ett programvarusystem i grupp", "specify, design and test a software system in a team"),
         ("reflektera över den egna rollen och samarbetet i projektgruppen", "reflect on one's own role and the collaboration in the project team")),
        (PROJECT, GROUP, ORAL), "presential", "60 hp i datavetenskap", "60 credits in computer science",
    ),
    (UU, "1DL570"): (
        (("beskriva tjänstemodeller och arkitekturer för molnberäkningar", "describe service models and architectures for cloud computing"),
         ("driftsätta och skala en distribuerad tillämpning i en molnmiljö", "deploy and scale a distributed application in a cloud environment"),
         ("värdera kostnad, tillgänglighet och säkerhet i molnbaserade lösningar", "assess the cost, availability and security of cloud-based solutions")),
        (PROJECT, WRITTEN), "blended", "Kandidatexamen i datavetenskap", "Bachelor's degree in computer science",
    ),
    (UU, "1DL580"): (
        (("skriva parallella program med delat minne och med meddelandeskickning", "write parallel programs using shared memory and message passing"),
         ("analysera prestanda och skalbarhet hos parallella algoritmer", "analyse the performance and scalability of parallel algorithms"),
         ("identifiera och åtgärda kapplöpningsvillkor och låsningar", "identify and remedy race conditions and deadlocks")),
        (WRITTEN, PRACTICAL), "presential", "Kandidatexamen i datavetenskap", "Bachelor's degree in computer science",
    ),
    (UMU, "5MA160"): (
        (("beräkna gränsvärden och derivator av elementära funktioner", "compute limits and derivatives of elementary functions"),
         ("undersöka funktioner med hjälp av derivata och skissa deras grafer", "investigate functions using derivatives and sketch their graphs")),
        (WRITTEN, QUIZ), "presential", SCIENCE_SV, SCIENCE_EN,
    ),
    (UMU, "5MA161"): (
        (("beräkna integraler med partiell integration och variabelbyte", "evaluate integrals using integration by parts and substitution"),
         ("lösa linjära differentialekvationer och tillämpa Taylorutveckling", "solve linear differential equations and apply Taylor expansion"),
         ("avgöra konvergens för serier och generaliserade integraler", "determine the convergence of series and improper integrals")),
        (WRITTEN,), "presential", "Envariabelanalys 1, 7,5 hp", "Single Variable Calculus 1, 7.5 credits",
    ),
    (UMU, "5MA162"): (
        (("beräkna partiella derivator, gradienter och extremvärden", "compute partial derivatives, gradients and extreme values"),
         ("beräkna multipelintegraler samt kurv- och ytintegraler", "evaluate multiple integrals as well as line and surface integrals")),
        (WRITTEN, QUIZ), "presential", "Envariabelanalys 1, 7,5 hp, och Linjär algebra för ingenjörer, 7,5 hp", "Single Variable Calculus 1, 7.5 credits, and Linear Algebra for Engineers, 7.5 credits",
    ),
    (UMU, "5MA163"): (
        (("lösa linjära ekvationssystem med Gausselimination och matriser", "solve systems of linear equations with Gaussian elimination and matrices"),
         ("beräkna egenvärden och egenvektorer och diagonalisera matriser", "compute eigenvalues and eigenvectors and diagonalise matrices"),
         ("tillämpa vektorgeometri på problem i rummet", "apply vector geometry to problems in space")),
        (WRITTEN, QUIZ), "presential", SCIENCE_SV, SCIENCE_EN,
    ),
    (UMU, "5DV157"): (
        (("skriva strukturerade program i Python för tekniska beräkningar", "write structured programs in Python for technical computations"),
         ("använda funktioner, moduler och grundläggande datastrukturer", "use functions, modules and basic data structures"),
         ("testa och felsöka egna program systematiskt", "test and debug one's own programs systematically")),
        (PRACTICAL, WRITTEN), "presential", SCIENCE_SV, SCIENCE_EN,
    ),
    (UMU, "5FY177"): (
        (("tillämpa termodynamikens huvudsatser på slutna och öppna system", "apply the laws of thermodynamics to closed and open systems"),
         ("beräkna verkningsgrad för värmemaskiner och kylprocesser", "calculate the efficiency of heat engines and refrigeration cycles")),
        (WRITTEN, PRACTICAL), "presential", "Envariabelanalys 2, 7,5 hp", "Single Variable Calculus 2, 7.5 credits",
    ),
    (UMU, "5FY178"): (
        (("beskriva mekaniska och elektromagnetiska vågor matematiskt", "describe mechanical and electromagnetic waves mathematically"),
         ("analysera interferens, diffraktion och polarisation", "analyse interference, diffraction and polarisation"),
         ("genomföra optiska mätningar och uppskatta mätosäkerheten", "carry out optical measurements and estimate the measurement uncertainty")),
        (WRITTEN, PRACTICAL), "presential", "Klassisk mekanik, 7,5 hp", "Classical Mechanics, 7.5 credits",
    ),
    (UMU, "5FY181"): (
        (("ställa upp Lagrange- och Hamiltonformuleringar för mekaniska system", "set up Lagrangian and Hamiltonian formulations of mechanical systems"),
         ("använda symmetrier och bevarandelagar med hjälp av Noethers sats", "use symmetries and conservation laws by means of Noether's theorem")),
        (WRITTEN, ASSIGNMENT), "presential", "Klassisk mekanik, 7,5 hp, och Flervariabelanalys, 7,5 hp", "Classical Mechanics, 7.5 credits, and Multivariable Calculus, 7.5 credits",
    ),
    (UMU, "5FY183"): (
        (("härleda termodynamiska storheter ur tillståndssummor", "derive thermodynamic quantities from partition functions"),
         ("tillämpa Bose–Einstein- och Fermi–Dirac-statistik", "apply Bose–Einstein and Fermi–Dirac statistics")),
        (WRITTEN, ASSIGNMENT), "presential", "Termodynamik, 7,5 hp", "Thermodynamics, 7.5 credits",
    ),
    (UMU, "5FY184"): (
        (("beskriva kristallstrukturer och reciproka gitter", "describe crystal structures and reciprocal lattices"),
         ("förklara bandstrukturen hos metaller, halvledare och isolatorer", "explain the band structure of metals, semiconductors and insulators")),
        (WRITTEN, PRACTICAL), "presential", "Statistisk fysik, 7,5 hp", "Statistical Physics, 7.5 credits",
    ),
    (UMU, "5MA164"): (
        (("använda Fourierserier och Fouriertransform för att lösa differentialekvationer", "use Fourier series and the Fourier transform to solve differential equations"),
         ("tillämpa Laplacetransform på linjära system", "apply the Laplace transform to linear systems")),
        (WRITTEN,), "presential", "Flervariabelanalys, 7,5 hp", "Multivariable Calculus, 7.5 credits",
    ),
    (UMU, "5MA165"): (
        (("välja och implementera numeriska metoder för ekvationslösning och integration", "choose and implement numerical methods for solving equations and for integration"),
         ("analysera noggrannhet och stabilitet hos numeriska algoritmer", "analyse the accuracy and stability of numerical algorithms")),
        (WRITTEN, ASSIGNMENT), "presential", "Programmeringsteknik, 7,5 hp, och Linjär algebra för ingenjörer, 7,5 hp", "Programming Techniques, 7.5 credits, and Linear Algebra for Engineers, 7.5 credits",
    ),
    (UMU, "5MS001"): (
        (("använda sannolikhetsmodeller och vanliga fördelningar", "use probability models and common distributions"),
         ("skatta parametrar och pröva hypoteser utifrån mätdata", "estimate parameters and test hypotheses from measured data")),
        (WRITTEN, ASSIGNMENT), "presential", "Envariabelanalys 2, 7,5 hp", "Single Variable Calculus 2, 7.5 credits",
    ),
    (UMU, "5EL158"): (
        (("analysera likströms- och växelströmskretsar med nätverkssatser", "analyse DC and AC circuits using network theorems"),
         ("dimensionera enkla förstärkarkopplingar med operationsförstärkare", "design simple amplifier circuits with operational amplifiers"),
         ("utföra mätningar med oscilloskop och multimeter", "carry out measurements with an oscilloscope and a multimeter")),
        (WRITTEN, PRACTICAL), "presential", "Envariabelanalys 2, 7,5 hp", "Single Variable Calculus 2, 7.5 credits",
    ),
    (UMU, "5EL159"): (
        (("modellera dynamiska system med överföringsfunktioner och på tillståndsform", "model dynamic systems with transfer functions and in state-space form"),
         ("dimensionera PID-regulatorer och analysera återkopplade systems stabilitet", "design PID controllers and analyse the stability of feedback systems")),
        (WRITTEN, PRACTICAL), "presential", "Transformmetoder, 7,5 hp", "Transform Methods, 7.5 credits",
    ),
    (UMU, "5IN100"): (
        (("tolka ett företags resultat- och balansräkning", "interpret a company's income statement and balance sheet"),
         ("genomföra investeringskalkyler och kostnadsanalyser", "carry out investment appraisals and cost analyses")),
        (WRITTEN, ASSIGNMENT), "presential", "60 hp inom civilingenjörsprogrammet i teknisk fysik", "60 credits within the Master of Science Programme in Engineering Physics",
    ),
    (UMU, "5FY195"): (
        (("beskriva spänning och töjning med tensorer", "describe stress and strain using tensors"),
         ("lösa enkla problem inom elasticitetsteori och strömningsmekanik", "solve simple problems in elasticity theory and fluid mechanics")),
        (WRITTEN, ASSIGNMENT), "presential", "Analytisk mekanik, 7,5 hp", "Analytical Mechanics, 7.5 credits",
    ),
    (UMU, "5FY185"): (
        (("planera och genomföra fysikaliska experiment", "plan and carry out physical experiments"),
         ("analysera mätdata och redovisa mätosäkerheten", "analyse measured data and report the measurement uncertainty"),
         ("rapportera experimentella resultat skriftligt och muntligt", "report experimental results in writing and orally")),
        (PRACTICAL, ASSIGNMENT, ORAL), "presential", "Vågfysik och optik, 7,5 hp, och Elektromagnetism, 7,5 hp", "Waves and Optics, 7.5 credits, and Electromagnetism, 7.5 credits",
    ),
    (UMU, "5FY186"): (
        (("tillämpa störningsräkning och variationsmetoder", "apply perturbation theory and variational methods"),
         ("beskriva spinn, rörelsemängdsmoment och identiska partiklar", "describe spin, angular momentum and identical particles"),
         ("redogöra för grunderna i spridningsteori", "account for the basics of scattering theory")),
        (WRITTEN, ASSIGNMENT), "presential", "Kvantmekanik, 7,5 hp", "Quantum Mechanics, 7.5 credits",
    ),
    (UMU, "5FY187"): (
        (("implementera numeriska metoder för fysikens differentialekvationer", "implement numerical methods for the differential equations of physics"),
         ("genomföra Monte Carlo-simuleringar och analysera resultaten", "carry out Monte Carlo simulations and analyse the results"),
         ("skriva effektiv och reproducerbar vetenskaplig programkod", "write efficient and reproducible scientific code")),
        (PROJECT, PRACTICAL), "blended", "Numeriska metoder, 7,5 hp, och Statistisk fysik, 7,5 hp", "Numerical Methods, 7.5 credits, and Statistical Physics, 7.5 credits",
    ),
    (UMU, "5FY188"): (
        (("beskriva standardmodellens partiklar och växelverkningar", "describe the particles and interactions of the Standard Model"),
         ("beräkna enkla spridningstvärsnitt med Feynmandiagram", "calculate simple scattering cross sections with Feynman diagrams"),
         ("redogöra för hur detektorer och acceleratorer fungerar", "account for how detectors and accelerators work")),
        (WRITTEN, ORAL), "presential", "Kvantfysik, fortsättningskurs, 15 hp", "Advanced Quantum Physics, 15 credits",
    ),
    (UMU, "5FY189"): (
        (("beskriva plasmors egenskaper med partikel- och fluidmodeller", "describe the properties of plasmas with particle and fluid models"),
         ("analysera vågor och instabiliteter i magnetiserade plasmor", "analyse waves and instabilities in magnetised plasmas"),
         ("tillämpa plasmafysik på rymdfysik och fusion", "apply plasma physics to space physics and fusion")),
        (WRITTEN, ASSIGNMENT), "presential", "Elektromagnetism, 7,5 hp, och Statistisk fysik, 7,5 hp", "Electromagnetism, 7.5 credits, and Statistical Physics, 7.5 credits",
    ),
    (UMU, "5FY190"): (
        (("beskriva lasrars funktion och egenskaper", "describe the operation and properties of lasers"),
         ("analysera ljusutbredning i optiska fibrer och vågledare", "analyse light propagation in optical fibres and waveguides"),
         ("genomföra laborationer med optiska komponenter", "carry out laboratory work with optical components")),
        (WRITTEN, PRACTICAL), "presential", "Vågfysik och optik, 7,5 hp, och Kvantmekanik, 7,5 hp", "Waves and Optics, 7.5 credits, and Quantum Mechanics, 7.5 credits",
    ),
    (UMU, "5FY191"): (
        (("planera och leda ett tekniskt projekt i grupp", "plan and run a technical project in a team"),
         ("tillämpa kunskaper i teknisk fysik på ett problem från industri eller forskning", "apply knowledge of engineering physics to a problem from industry or research"),
         ("redovisa projektet skriftligt och muntligt för en uppdragsgivare", "present the project in writing and orally to a client")),
        (PROJECT, GROUP, ORAL), "presential", "180 hp inom civilingenjörsprogrammet i teknisk fysik", "180 credits within the Master of Science Programme in Engineering Physics",
    ),
    (UMU, "5FY194"): (
        (("tillämpa Lorentztransformationer och fyrvektorer", "apply Lorentz transformations and four-vectors"),
         ("redogöra för grunderna i den allmänna relativitetsteorin", "account for the foundations of general relativity")),
        (WRITTEN,), "presential", "Analytisk mekanik, 7,5 hp", "Analytical Mechanics, 7.5 credits",
    ),
    (UMU, "5FY196"): (
        (("relatera materials mikrostruktur till deras mekaniska och elektriska egenskaper", "relate the microstructure of materials to their mechanical and electrical properties"),
         ("välja karakteriseringsmetoder för olika materialfrågor", "choose characterisation methods for different materials problems")),
        (WRITTEN, ASSIGNMENT), "presential", "Fasta tillståndets fysik, 7,5 hp", "Solid State Physics, 7.5 credits",
    ),
    (UMU, "5FY193"): (
        (("självständigt identifiera, formulera och lösa ett problem inom teknisk fysik", "identify, formulate and solve a problem in engineering physics independently"),
         ("planera och genomföra ett arbete inom givna tidsramar", "plan and carry out a project within a given time frame"),
         ("skriftligt och muntligt redovisa och diskutera arbetet samt opponera på ett annat", "present and discuss the work in writing and orally and act as opponent on another")),
        (PROJECT, ORAL, PEER_REVIEW), "presential", "240 hp inom civilingenjörsprogrammet i teknisk fysik", "240 credits within the Master of Science Programme in Engineering Physics",
    ),
    (SU, "MM2001"): (
        (("lösa ekvationer och olikheter och räkna med komplexa tal", "solve equations and inequalities and calculate with complex numbers"),
         ("beräkna derivator och integraler av funktioner av en variabel", "compute derivatives and integrals of functions of one variable"),
         ("lösa linjära ekvationssystem med matrismetoder", "solve systems of linear equations with matrix methods")),
        (WRITTEN, QUIZ), "presential", SCIENCE_SV, SCIENCE_EN,
    ),
    (SU, "MM2002"): (
        (("beräkna partiella derivator och multipelintegraler", "compute partial derivatives and multiple integrals"),
         ("lösa linjära differentialekvationer och system av sådana", "solve linear differential equations and systems of them"),
         ("tillämpa egenvärden och linjära avbildningar", "apply eigenvalues and linear maps")),
        (WRITTEN, QUIZ), "presential", "Matematik I, 15 hp", "Mathematics I, 15 credits",
    ),
    (SU, "FK4003"): (
        (("tillämpa termodynamikens huvudsatser och begreppet entropi", "apply the laws of thermodynamics and the concept of entropy"),
         ("beskriva gasers egenskaper med kinetisk gasteori", "describe the properties of gases with kinetic theory")),
        (WRITTEN, ASSIGNMENT), "presential", "Mekanik I, 7,5 hp, och Matematik I, 15 hp", "Mechanics I, 7.5 credits, and Mathematics I, 15 credits",
    ),
    (SU, "FK4004"): (
        (("beskriva vågutbredning, interferens och diffraktion", "describe wave propagation, interference and diffraction"),
         ("tillämpa geometrisk optik på linser och optiska instrument", "apply geometrical optics to lenses and optical instruments")),
        (WRITTEN, PRACTICAL), "presential", "Mekanik I, 7,5 hp, och Matematik I, 15 hp", "Mechanics I, 7.5 credits, and Mathematics I, 15 credits",
    ),
    (SU, "FK4005"): (
        (("planera mätningar och hantera mätutrustning på ett säkert sätt", "plan measurements and handle measuring equipment safely"),
         ("analysera mätdata statistiskt och ange mätosäkerhet", "analyse measured data statistically and state the measurement uncertainty"),
         ("skriva en laborationsrapport", "write a laboratory report")),
        (PRACTICAL, ASSIGNMENT), "presential", "Mekanik I, 7,5 hp", "Mechanics I, 7.5 credits",
    ),
    (SU, "FK4006"): (
        (("redogöra för den speciella relativitetsteorin och dess experimentella stöd", "account for special relativity and its experimental support"),
         ("beskriva atomers och atomkärnors uppbyggnad med enkla kvantmodeller", "describe the structure of atoms and nuclei with simple quantum models")),
        (WRITTEN, QUIZ), "presential", "Elektromagnetism I, 7,5 hp, och Vågrörelselära och optik, 7,5 hp", "Electromagnetism I, 7.5 credits, and Waves and Optics, 7.5 credits",
    ),
    (SU, "FK4007"): (
        (("använda vektoranalys och kroklinjiga koordinater i fysikaliska problem", "use vector calculus and curvilinear coordinates in physical problems"),
         ("lösa partiella differentialekvationer med variabelseparation och Fourierserier", "solve partial differential equations by separation of variables and Fourier series")),
        (WRITTEN, ASSIGNMENT), "presential", "Matematik II, 15 hp", "Mathematics II, 15 credits",
    ),
    (SU, "FK4008"): (
        (("analysera analoga kretsar med resistorer, kondensatorer och transistorer", "analyse analogue circuits with resistors, capacitors and transistors"),
         ("konstruera enkla digitala kretsar", "construct simple digital circuits"),
         ("använda mätinstrument i elektroniklaborationer", "use measuring instruments in electronics laboratory work")),
        (WRITTEN, PRACTICAL), "presential", "Elektromagnetism I, 7,5 hp", "Electromagnetism I, 7.5 credits",
    ),
    (SU, "FK4009"): (
        (("skriva program i Python som löser fysikaliska problem numeriskt", "write programs in Python that solve physical problems numerically"),
         ("visualisera och analysera data från simuleringar och mätningar", "visualise and analyse data from simulations and measurements")),
        (PRACTICAL, ASSIGNMENT), "blended", "Matematik I, 15 hp", "Mathematics I, 15 credits",
    ),
    (SU, "FK4010"): (
        (("beskriva stjärnors uppbyggnad och utveckling", "describe the structure and evolution of stars"),
         ("tillämpa strålningslagar för att bestämma himlakroppars egenskaper", "apply the laws of radiation to determine the properties of celestial bodies"),
         ("redogöra för kosmologins standardmodell", "account for the standard model of cosmology")),
        (WRITTEN, ASSIGNMENT), "presential", "Modern fysik, 7,5 hp", "Modern Physics, 7.5 credits",
    ),
    (SU, "FK4011"): (
        (("självständigt genomföra ett avgränsat arbete inom fysik", "carry out a delimited project in physics independently"),
         ("skriftligt och muntligt presentera arbetet och granska andras arbeten", "present the work in writing and orally and review the work of others")),
        (PROJECT, ORAL, PEER_REVIEW), "presential", "60 hp i fysik", "60 credits in physics",
    ),
    (SU, "EC7114"): (
        (("analysera arbetsutbud, arbetsefterfrågan och lönebildning med ekonomiska modeller", "analyse labour supply, labour demand and wage setting with economic models"),
         ("kritiskt värdera empiriska studier av arbetsmarknadspolitik", "critically assess empirical studies of labour market policy")),
        (WRITTEN, ASSIGNMENT), "presential", "Mikroekonomisk teori, 15 hp", "Microeconomic Theory, 15 credits",
    ),
    (SU, "EC7115"): (
        (("analysera skatters och offentliga utgifters effekter på effektivitet och fördelning", "analyse the effects of taxes and public spending on efficiency and distribution"),
         ("tillämpa teorin om kollektiva varor och externa effekter", "apply the theory of public goods and externalities")),
        (WRITTEN, ASSIGNMENT), "presential", "Mikroekonomisk teori, 15 hp", "Microeconomic Theory, 15 credits",
    ),
    (SU, "EC7116"): (
        (("förklara handelsmönster med ricardianska modeller och Heckscher–Ohlin-modellen", "explain trade patterns with Ricardian models and the Heckscher–Ohlin model"),
         ("analysera växelkurser och internationella kapitalflöden", "analyse exchange rates and international capital flows")),
        (WRITTEN, ASSIGNMENT), "presential", "Mikroekonomisk teori, 15 hp, och Makroekonomisk teori, 15 hp", "Microeconomic Theory, 15 credits, and Macroeconomic Theory, 15 credits",
    ),
    (SU, "EC7117"): (
        (("bestämma Nashjämvikter i statiska och dynamiska spel", "find Nash equilibria in static and dynamic games"),
         ("analysera spel med ofullständig information och signalering", "analyse games with incomplete information and signalling")),
        (WRITTEN, QUIZ), "presential", "Mikroekonomisk teori, 15 hp", "Microeconomic Theory, 15 credits",
    ),
    (SU, "EC7118"): (
        (("analysera miljöpolitiska styrmedel som skatter och handel med utsläppsrätter", "analyse environmental policy instruments such as taxes and emissions trading"),
         ("värdera miljönyttigheter med metoder för uttalade och avslöjade preferenser", "value environmental goods with stated and revealed preference methods")),
        (WRITTEN, ASSIGNMENT), "presential", "Mikroekonomisk teori, 15 hp, och Ekonometri, 15 hp", "Microeconomic Theory, 15 credits, and Econometrics, 15 credits",
    ),
    (SU, "EC9901"): (
        (("självständigt formulera och besvara en forskningsfråga i nationalekonomi", "formulate and answer a research question in economics independently"),
         ("tillämpa relevanta teoretiska och empiriska metoder", "apply relevant theoretical and empirical methods"),
         ("försvara uppsatsen vid ett seminarium och opponera på en annan", "defend the thesis at a seminar and act as opponent on another")),
        (PROJECT, ORAL, PEER_REVIEW), "presential", "60 hp på avancerad nivå i nationalekonomi", "60 credits at advanced level in economics",
    ),
}  # fmt: skip
