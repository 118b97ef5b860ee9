"""`gateway elmo | elm | wallet`: ELMO export/verify, ELM conversion, wallet offers and status."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from gateway.errors import GatewayError, InvalidInput
from gateway.settings import Settings


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    elmo = sub.add_parser("elmo", help="export and verify ELMO documents")
    elmo_sub = elmo.add_subparsers(title="elmo commands", metavar="ACTION", required=True)
    export = elmo_sub.add_parser("export", help="export a learner's results as signed ELMO")
    export.add_argument("--learner", required=True, metavar="ID", help="national identifier")
    chosen = export.add_mutually_exclusive_group()
    chosen.add_argument("--select", type=int, nargs="+", metavar="ID", help="result ids")
    chosen.add_argument("--degree", metavar="CODE", help="one awarded degree, with its documents")
    export.add_argument("--packed", action="store_true", help="print base64(gzip(xml))")
    export.add_argument("--out", type=Path, metavar="FILE", help="write to FILE, not stdout")
    export.set_defaults(command=cmd_elmo_export)
    verify = elmo_sub.add_parser("verify", help="verify a signed ELMO document")
    verify.add_argument("file", type=Path, metavar="FILE")
    verify.add_argument("--cert", type=Path, action="append", metavar="PEM", help="trusted cert")
    verify.add_argument("--packed", action="store_true", help="FILE holds base64(gzip(xml))")
    verify.add_argument("--schema", action="store_true", help="also require XSD validity")
    verify.set_defaults(command=cmd_elmo_verify)

    elm = sub.add_parser("elm", help="ELMO ⇄ Europass ELM 3.2 credentials and Annex I report")
    elm_sub = elm.add_subparsers(title="elm commands", metavar="ACTION", required=True)
    for name, text, command in (
        ("convert", "print the ELM credential(s) as JSON-LD", cmd_elm_convert),
        ("check", "print the EU micro-credential report as JSON", cmd_elm_check),
    ):
        action = elm_sub.add_parser(name, help=text)
        action.add_argument("file", type=Path, metavar="FILE")
        action.add_argument("--packed", action="store_true", help="FILE holds base64(gzip(xml))")
        action.add_argument(
            "--micro",
            action="store_true",
            help="one EU micro-credential per passed course (syllabi from the results store)",
        )
        if name == "convert":
            action.add_argument("--report", type=Path, metavar="FILE", help="what did not map")
        action.set_defaults(command=command)
    to_elmo = elm_sub.add_parser(
        "to-elmo", help="ELM credential (JSON) → ELMO 1.7; print what did not map"
    )
    to_elmo.add_argument("file", type=Path, metavar="FILE")
    to_elmo.add_argument("--out", type=Path, metavar="FILE", help="write the ELMO XML to FILE")
    to_elmo.set_defaults(command=cmd_elm_to_elmo)
    wallet = sub.add_parser("wallet", help="wallet bridge (OpenID4VCI credential offers)")
    wallet_sub = wallet.add_subparsers(title="wallet commands", metavar="ACTION", required=True)
    offer = wallet_sub.add_parser("offer", help="make a credential offer; print URI and tx_code")
    offer.add_argument("--learner", required=True, metavar="ID", help="national identifier")
    source = offer.add_mutually_exclusive_group()
    source.add_argument("--select", type=int, nargs="+", metavar="ID", help="result ids")
    source.add_argument("--import", dest="import_id", type=int, metavar="ID", help="import id")
    offer.add_argument(
        "--micro",
        action="store_true",
        help="EU micro-credentials of the selected courses (default: every complete one)",
    )
    offer.set_defaults(command=cmd_wallet_offer)
    status = wallet_sub.add_parser(
        "status", help="issued credentials and their status (Token Status List); revoke one"
    )
    status.add_argument("--credential", type=int, metavar="ID", help="only this credential")
    status.add_argument("--revoke", type=int, metavar="ID", help="revoke this credential (final)")
    status.add_argument("--reason", metavar="TEXT", help="why; required with --revoke, recorded")
    status.set_defaults(command=cmd_wallet_status)


def cmd_elmo_export(args: argparse.Namespace, settings: Settings) -> int:
    from gateway.flows.degrees.export import export_degree
    from gateway.flows.elmo.export import export_elmo
    from gateway.flows.services import Services

    async def run() -> bytes:
        services = await Services.open(settings)
        try:
            if args.degree is not None:
                result = await export_degree(services, args.learner, args.degree)
            else:
                result = await export_elmo(services, args.learner, select=args.select)
        finally:
            await services.close()
        return result.packed().encode("ascii") + b"\n" if args.packed else result.signed_xml

    output = asyncio.run(run())
    if args.out:
        args.out.write_bytes(output)
    else:
        sys.stdout.buffer.write(output)
    return 0


def cmd_elmo_verify(args: argparse.Namespace, settings: Settings) -> int:
    from gateway.flows.elmo.verify import verify_elmo_file

    try:
        print(
            verify_elmo_file(settings, args.file, args.cert, packed=args.packed, schema=args.schema)
        )
    except GatewayError as exc:
        print(f"invalid: {exc.message}")
        return 1
    return 0


def cmd_elm_convert(args: argparse.Namespace, settings: Settings) -> int:
    if args.micro:
        from gateway.flows.microcredentials.cli import elm_convert_micro

        printed = elm_convert_micro(settings, args.file, packed=args.packed, report=args.report)
        for note in printed.notes:
            print(note, file=sys.stderr)
        print(printed.out)
        return 0
    from gateway.flows.wallet.cli import elm_convert

    print(elm_convert(settings, args.file, packed=args.packed, report=args.report))
    return 0


def cmd_elm_check(args: argparse.Namespace, settings: Settings) -> int:
    from gateway.flows.microcredentials.cli import elm_check_credentials, elm_check_micro
    from gateway.flows.microcredentials.files import is_json

    if args.micro:
        print(elm_check_micro(settings, args.file, packed=args.packed))
        return 0
    if not args.packed and is_json(args.file):  # ELM credentials, e.g. from `convert --micro`
        print(elm_check_credentials(settings, args.file))
        return 0
    from gateway.flows.wallet.cli import elm_check

    print(elm_check(settings, args.file, packed=args.packed))
    return 0


def cmd_elm_to_elmo(args: argparse.Namespace, settings: Settings) -> int:
    from gateway.flows.elmo.from_elm import elm_to_elmo_file

    print(elm_to_elmo_file(settings, args.file, args.out))
    return 0


def cmd_wallet_offer(args: argparse.Namespace, settings: Settings) -> int:
    from gateway.flows.wallet.cli import wallet_offer

    if args.micro and args.import_id is not None:
        raise InvalidInput("--micro offers own courses: it cannot be used with --import")
    offer = wallet_offer(
        settings, args.learner, select=args.select, import_id=args.import_id, micro=args.micro
    )
    print(asyncio.run(offer))
    return 0


def cmd_wallet_status(args: argparse.Namespace, settings: Settings) -> int:
    from gateway.flows.credential_status.cli import wallet_status

    if args.revoke is not None and not (args.reason or "").strip():
        raise InvalidInput("--revoke needs --reason TEXT (every revocation records why)")
    if args.reason is not None and args.revoke is None:
        raise InvalidInput("--reason goes with --revoke ID")
    report = wallet_status(
        settings, credential_id=args.credential, revoke=args.revoke, reason=args.reason
    )
    print(asyncio.run(report))
    return 0
