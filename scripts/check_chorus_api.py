"""An existing Chorus Pro client library, unchanged, against `hermine portal-sim`: PyPI's chorus-api 1.0.6
(`pip install chorus-api==1.0.6`) is given the simulator's address instead of PISTE's and the demo credentials,
then gets a token, deposits the demo invoice, follows its flow until it is integrated and finds its invoice.

  python3 scripts/check_chorus_api.py URL [NUMBER]     exits 0 when every step gives what Chorus Pro would
"""
import base64
import sys
import time

from chorusapi.client import ChorusAPI

url = sys.argv[1].rstrip("/")
number = sys.argv[2] if len(sys.argv) > 2 else f"LIB-{int(time.time())}"
api = ChorusAPI("hermine-demo", "hermine-demo-secret", "hermine-demo", "hermine-demo-password", sandbox=True)
# Only the two addresses change: the library's code is what PyPI ships.
api.auth_url = f"{url}/api/oauth/token"
api.api_url = url
api.auth()

template = open("fixtures/invoices/atelier-kerbrat-FA-2026-0142.xml", "rb").read()
invoice = template.replace(b"<cbc:ID>FA-2026-0142</cbc:ID>", f"<cbc:ID>{number}</cbc:ID>".encode(), 1)
deposit = api.deposer_flux(base64.b64encode(invoice).decode(), f"{number}.xml", syntaxe_flux="IN_DP_E1_UBL_INVOICE")
assert deposit.code_retour == 0 and deposit.numero_flux_depot, vars(deposit)
print(f"deposer_flux: codeRetour {deposit.code_retour}, numeroFluxDepot {deposit.numero_flux_depot}, dateDepot {deposit.date_depot}")

state = None
for _ in range(100):
    report = api.consulter_cr_detaille(deposit.numero_flux_depot)
    state = report.etat_courant_depot_flux
    if state != "IN_DEPOT_PORTAIL_EN_ATTENTE_TRAITEMENT_SE_CPP":
        break
    time.sleep(0.2)
assert state == "IN_INTEGRE", vars(report)
print(f"consulter_cr_detaille: {state}")

found = api.rechercher_facture(deposit.numero_flux_depot)
numbers = [f.numero_facture for f in found.liste_factures]
assert numbers == [number], vars(found)
print(f"rechercher_facture: {numbers}, status {found.liste_factures[0].statut}")
